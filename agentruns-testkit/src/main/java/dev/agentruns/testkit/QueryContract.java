package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.TimeWindow;
import dev.agentruns.WaitReason;
import dev.agentruns.spi.Keyset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Listing and counting sessions with every filter, both sorts, and keyset paging. */
abstract class QueryContract extends ContractFixture {
    static final TicketRef JIRA_1 = new TicketRef("jira", "T-1", "The first ticket", null);
    static final TicketRef GITHUB_1 = TicketRef.of("github", "T-1");

    /** Six sessions, one minute apart, covering every filter dimension. */
    final class Dataset {
        final Session s1;
        final Session s2;
        final Session s3;
        final Session s4;
        final Session s5;
        final Session s6;

        Dataset() {
            clock.set(T0.plusSeconds(60));
            Session one = ws.start(StartSession.builder(AGENT, "one").ticket(JIRA_1).build());
            ws.complete(one.id(), "{\"n\":1}");
            s1 = ws.get(one.id());
            clock.set(T0.plusSeconds(120));
            s2 = ws.start(StartSession.builder(AGENT_B, "two").kind(SessionKind.CHAT).build());
            clock.set(T0.plusSeconds(180));
            Session three = ws.start(StartSession.builder(AGENT, "three").kind(SessionKind.CHAT).ticket(JIRA_1).build());
            ws.fail(three.id(), "boom");
            s3 = ws.archive(three.id());
            clock.set(T0.plusSeconds(240));
            Session four = ws.start(StartSession.builder(AGENT_C, "four").ticket(GITHUB_1).build());
            s4 = ws.waitFor(four.id(), WaitReason.INPUT);
            clock.set(T0.plusSeconds(300));
            Session five = start(AGENT_B, "five");
            s5 = ws.cancel(five.id());
            clock.set(T0.plusSeconds(360));
            s6 = ws.fork(s1.id(), ws.messages(s1.id()).get(0).id(), dev.agentruns.NewMessage.user("six"));
        }
    }

    @Test
    void defaultListIsNewestFirstWithoutArchivedSessions() {
        Dataset d = new Dataset();
        assertQuery(ws, SessionQuery.all(), d.s6, d.s5, d.s4, d.s2, d.s1);
    }

    @Test
    void filterByAgent() {
        Dataset d = new Dataset();
        assertQuery(ws, query().agents("agent-a").build(), d.s6, d.s1);
        assertQuery(ws, query().agents("agent-a").archived(ArchivedFilter.INCLUDE).build(), d.s6, d.s3, d.s1);
        assertQuery(ws, query().agents("agent-a", "agent-b").build(), d.s6, d.s5, d.s2, d.s1);
        assertQuery(ws, query().agents(List.of("agent-c")).build(), d.s4);
        assertQuery(ws, query().agents("no-such-agent").build());
    }

    @Test
    void filterByAgentComparesIdsExactly() {
        start(new AgentRef("Agent-X", "X", null), "x");
        assertQuery(ws, query().agents("agent-x").build());
        assertQuery(ws, query().agents("AGENT-X").build());
        assertQuery(ws, query().agents("Agent-X ").build());
        assertQuery(ws, query().agents("Agent-%").build());
        assertQuery(ws, query().agents("Agent-_").build());
        assertThat(ws.count(query().agents("Agent-X").build())).isEqualTo(1);
    }

    @Test
    void filterByStatus() {
        Dataset d = new Dataset();
        assertQuery(ws, query().statuses(SessionStatus.RUNNING, SessionStatus.WAITING).build(), d.s6, d.s4, d.s2);
        assertQuery(ws, query().statuses(SessionStatus.COMPLETED).build(), d.s1);
        assertQuery(ws, query().statuses(SessionStatus.FAILED).build());
        assertQuery(ws, query().statuses(List.of(SessionStatus.FAILED, SessionStatus.CANCELLED))
                .archived(ArchivedFilter.INCLUDE).build(), d.s5, d.s3);
    }

    @Test
    void filterByTicketMatchesSystemAndKey() {
        Dataset d = new Dataset();
        assertQuery(ws, query().ticket(TicketRef.of("jira", "T-1")).build(), d.s1);
        assertQuery(ws, query().ticket(new TicketRef("jira", "T-1", "another title", "https://x")).build(), d.s1);
        assertQuery(ws, query().ticket(GITHUB_1).build(), d.s4);
        assertQuery(ws, query().ticket(TicketRef.of("jira", "t-1")).build());
        assertQuery(ws, query().ticket(TicketRef.of("JIRA", "T-1")).build());
        assertQuery(ws, query().ticket(TicketRef.of("jira", "T-")).build());
    }

    @Test
    void sessionsOfATicketIncludeArchivedOnes() {
        Dataset d = new Dataset();
        assertThat(ws.sessionsOfTicket(TicketRef.of("jira", "T-1")).items()).extracting(SessionSummary::id)
                .containsExactly(d.s3.id(), d.s1.id());
        assertQuery(ws, SessionQuery.forTicket(JIRA_1), d.s3, d.s1);
    }

    @Test
    void filterByKind() {
        Dataset d = new Dataset();
        assertQuery(ws, query().kind(SessionKind.CHAT).build(), d.s2);
        assertQuery(ws, query().kind(SessionKind.CHAT).archived(ArchivedFilter.INCLUDE).build(), d.s3, d.s2);
        assertQuery(ws, query().kind(SessionKind.AGENT_RUN).build(), d.s6, d.s5, d.s4, d.s1);
    }

    @Test
    void archivedFilterExcludesIncludesOrSelectsOnlyArchived() {
        Dataset d = new Dataset();
        assertQuery(ws, query().archived(ArchivedFilter.EXCLUDE).build(), d.s6, d.s5, d.s4, d.s2, d.s1);
        assertQuery(ws, query().archived(ArchivedFilter.INCLUDE).build(), d.s6, d.s5, d.s4, d.s3, d.s2, d.s1);
        assertQuery(ws, query().archived(ArchivedFilter.ONLY).build(), d.s3);
    }

    @Test
    void filterByForkedFrom() {
        Dataset d = new Dataset();
        assertQuery(ws, query().forkedFrom(d.s1.id()).build(), d.s6);
        assertQuery(ws, query().forkedFrom(d.s2.id()).build());
        assertQuery(ws, query().forkedFrom(UUID.randomUUID()).build());
    }

    @Test
    void filterByExplicitTimeRangeIsHalfOpen() {
        Dataset d = new Dataset();
        assertQuery(ws, query().window(TimeWindow.between(T0.plusSeconds(120), T0.plusSeconds(300)))
                .archived(ArchivedFilter.INCLUDE).build(), d.s4, d.s3, d.s2);
        assertQuery(ws, query().window(TimeWindow.between(T0.plusSeconds(120), T0.plusSeconds(300))).build(),
                d.s4, d.s2);
        assertQuery(ws, query().window(TimeWindow.since(T0.plusSeconds(300))).build(), d.s6, d.s5);
        assertQuery(ws, query().window(TimeWindow.between(null, T0.plusSeconds(121))).build(), d.s2, d.s1);
        assertQuery(ws, query().window(TimeWindow.between(T0.plusSeconds(60).plusNanos(1000), null))
                .statuses(SessionStatus.COMPLETED).build());
        assertQuery(ws, query().window(TimeWindow.ALL).build(), d.s6, d.s5, d.s4, d.s2, d.s1);
    }

    @Test
    void filtersCombineWithAnd() {
        Dataset d = new Dataset();
        assertQuery(ws, query().agents("agent-a").statuses(SessionStatus.COMPLETED).ticket(JIRA_1).build(), d.s1);
        assertQuery(ws, query().agents("agent-a").statuses(SessionStatus.RUNNING).ticket(JIRA_1).build());
        assertQuery(ws, query().agents("agent-a", "agent-b").kind(SessionKind.CHAT).archived(ArchivedFilter.INCLUDE)
                .statuses(SessionStatus.FAILED).build(), d.s3);
        assertQuery(ws, query().agents("agent-a").forkedFrom(d.s1.id()).kind(SessionKind.AGENT_RUN)
                .window(TimeWindow.since(T0.plusSeconds(360))).build(), d.s6);
    }

    @Test
    void oldestFirstSortsTheOtherWay() {
        Dataset d = new Dataset();
        assertQuery(ws, query().sort(SortOrder.OLDEST_FIRST).build(), d.s1, d.s2, d.s4, d.s5, d.s6);
        assertQuery(ws, query().sort(SortOrder.OLDEST_FIRST).agents("agent-b").build(), d.s2, d.s5);
    }

    @Test
    void listRowsEqualTheSummariesOfTheDetails() {
        Dataset d = new Dataset();
        for (SessionSummary row : listAll(ws, EVERYTHING)) {
            assertThat(row).isEqualTo(ws.get(row.id()).summary());
        }
        assertThat(ws.get(d.s6.id()).summary().messageCount()).isEqualTo(2);
    }

    @Test
    void keysetPagingReturnsEverySessionExactlyOnceInBothOrders() {
        List<SessionSummary> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            clock.set(T0.plusSeconds(i / 3));
            created.add(start("s" + i).summary());
        }
        List<UUID> oldestFirst = created.stream()
                .sorted((a, b) -> Keyset.compare(a.startedAt(), a.id(), b.startedAt(), b.id()))
                .map(SessionSummary::id).toList();
        List<UUID> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);

        for (int limit : new int[] {1, 2, 3, 5, 7, 22, 23, 24, 500}) {
            for (SortOrder sort : SortOrder.values()) {
                SessionQuery q = query().sort(sort).limit(limit).build();
                List<UUID> expected = sort == SortOrder.OLDEST_FIRST ? oldestFirst : newestFirst;
                int pages = 0;
                List<UUID> seen = new ArrayList<>();
                SessionSummary last = null;
                while (true) {
                    Page<SessionSummary> page = ws.list(q);
                    pages++;
                    assertAdvances(last, page, sort);
                    page.items().forEach(r -> seen.add(r.id()));
                    if (!page.hasNext()) {
                        break;
                    }
                    assertThat(page.items()).hasSize(limit);
                    assertThat(pages).as("paging did not end").isLessThan(MAX_PAGES);
                    last = page.items().get(limit - 1);
                    q = q.withCursor(page.nextCursor());
                }
                assertThat(seen).as("limit %d, %s", limit, sort).containsExactlyElementsOf(expected);
                assertThat(pages).as("pages at limit %d", limit).isEqualTo(Math.max(1, (23 + limit - 1) / limit));
            }
        }
    }

    @Test
    void pagingWorksTogetherWithFilters() {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clock.set(T0.plusSeconds(i / 2));
            Session s = start(i % 3 == 0 ? AGENT_B : AGENT, "s" + i);
            if (i % 3 == 0) {
                mine.add(s.id());
            }
        }
        java.util.Collections.reverse(mine);
        assertThat(listIds(ws, query().agents("agent-b").limit(1).build())).containsExactlyElementsOf(mine);
        assertThat(listIds(ws, query().agents("agent-b").limit(3).build())).containsExactlyElementsOf(mine);
    }

    @Test
    void sessionsStartedInTheSameMicrosecondAreOrderedById() {
        List<SessionSummary> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(start("same instant " + i).summary());
        }
        List<UUID> byId = created.stream().map(SessionSummary::id).sorted(Keyset::compareIds).toList();
        assertThat(listIds(ws, query().sort(SortOrder.OLDEST_FIRST).limit(4).build())).containsExactlyElementsOf(byId);
        List<UUID> reversed = new ArrayList<>(byId);
        java.util.Collections.reverse(reversed);
        assertThat(listIds(ws, query().limit(4).build())).containsExactlyElementsOf(reversed);
    }

    @Test
    void countIgnoresLimitAndCursor() {
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(1);
            start("s" + i);
        }
        Page<SessionSummary> first = ws.list(query().limit(2).build());
        assertThat(ws.count(query().limit(2).build())).isEqualTo(5);
        assertThat(ws.count(query().limit(2).cursor(first.nextCursor()).build())).isEqualTo(5);
    }

    @Test
    void emptyWorkspaceListsNothing() {
        Page<SessionSummary> page = ws.list(SessionQuery.all());
        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
        assertThat(ws.count(SessionQuery.all())).isZero();
    }

    @Test
    void listRowsDoNotDependOnTranscriptLength() {
        Session s = withMessages(40, "m");
        SessionSummary row = ws.list(SessionQuery.all()).items().get(0);
        assertThat(row.messageCount()).isEqualTo(40);
        assertThat(row.lastActivityAt()).isEqualTo(ws.messages(s.id()).get(39).createdAt());
    }
}
