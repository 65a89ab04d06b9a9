package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.ForkOrigin;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SortOrder;
import dev.agentruns.TicketRef;
import dev.agentruns.jdbc.internal.Statements;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Seeds a session table and runs EXPLAIN on the list queries, asserting each is served by one of
 * the session indexes. The plans go to {@code target/query-plans/<dialect>.md}, from which
 * {@code docs/jdbc-query-plans.md} is made.
 */
final class QueryPlans {
    static final String WORKSPACE = "plans";
    private static final int WORKSPACES = 40;
    private static final int PER_WORKSPACE = 100;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final List<String> AGENTS = List.of("coder", "reviewer", "planner", "tester", "writer");

    private QueryPlans() {
    }

    /** The list queries the view runs, by name. */
    static Map<String, SessionCriteria> queries(UUID forkSource) {
        Map<String, SessionCriteria> q = new LinkedHashMap<>();
        q.put("default list (not archived, newest first)", criteria(Set.of(), Set.of(), null, null,
                ArchivedFilter.EXCLUDE, null, null));
        q.put("next page (keyset after a cursor)", criteria(Set.of(), Set.of(), null, null, ArchivedFilter.EXCLUDE,
                null, new Keyset(T0.plusSeconds(50 * 60), new UUID(0, 50))));
        q.put("agent + status filter", criteria(Set.of("coder"), Set.of(SessionStatus.COMPLETED), null, null,
                ArchivedFilter.EXCLUDE, null, null));
        q.put("status filter + this week", criteria(Set.of(), Set.of(SessionStatus.RUNNING), T0, T0.plusSeconds(7 * 86400),
                ArchivedFilter.INCLUDE, null, null));
        q.put("sessions of a ticket (archived included)", criteria(Set.of(), Set.of(), "jira", "PAY-7",
                ArchivedFilter.INCLUDE, null, null));
        q.put("forks of a session", criteria(Set.of(), Set.of(), null, null, ArchivedFilter.INCLUDE, forkSource, null));
        return q;
    }

    private static SessionCriteria criteria(Set<String> agents, Set<SessionStatus> statuses, Object from, Object to,
                                            ArchivedFilter archived, UUID forkedFrom, Keyset after) {
        boolean ticket = from instanceof String;
        return new SessionCriteria(agents, statuses, ticket ? null : (Instant) from, ticket ? null : (Instant) to,
                ticket ? (String) from : null, ticket ? (String) to : null, null, archived, forkedFrom,
                SortOrder.NEWEST_FIRST, after, 51);
    }

    /** Inserts {@value #WORKSPACES} x {@value #PER_WORKSPACE} sessions; returns a session that has forks. */
    static UUID seed(JdbcSessionRepository repo) {
        Statements sql = repo.statements();
        UUID[] source = new UUID[1];
        repo.jdbi().useTransaction(h -> {
            PreparedBatch insert = null;
            PreparedBatch status = h.prepareBatch("UPDATE " + sql.sessionsTable() + " SET status = ? WHERE id = ?");
            PreparedBatch copyStatus = sql.countersApart() ? h.prepareBatch(sql.copyStatusToCounters()) : null;
            for (int w = 0; w < WORKSPACES; w++) {
                String ws = w == 0 ? WORKSPACE : "other-" + w;
                UUID first = null;
                for (int i = 0; i < PER_WORKSPACE; i++) {
                    UUID id = new UUID(w * 1_000_000L + i, i);
                    if (first == null) {
                        first = id;
                    }
                    boolean ticket = i % 10 == 0;
                    boolean fork = i % 25 == 5;
                    Statements.BoundSql row = sql.insertSession(new SessionDraft(id, ws, SessionKind.AGENT_RUN,
                            AgentRef.of(AGENTS.get(i % AGENTS.size()), "Agent"), "title " + i, T0.plusSeconds(60L * i),
                            ticket ? TicketRef.of("jira", "PAY-" + (i % 30)) : null, null,
                            fork ? new ForkOrigin(first, "m1", 1) : null));
                    insert = insert == null ? h.prepareBatch(row.sql()) : insert;
                    Statements.bind(insert, row.args()).add();
                    SessionStatus seeded = SessionStatus.values()[i % SessionStatus.values().length];
                    if (seeded != SessionStatus.RUNNING) {
                        Statements.bind(status, seeded.name(), sql.id(id)).add();
                        if (copyStatus != null) {
                            Statements.bind(copyStatus, sql.id(id)).add();
                        }
                    }
                }
                if (w == 0) {
                    source[0] = first;
                }
            }
            insert.execute();
            status.execute();
            if (copyStatus != null) {
                copyStatus.execute();
            }
            h.execute("UPDATE " + sql.sessionsTable() + " SET archived = 1, archived_at = started_at WHERE status = 'FAILED'");
            analyze(h, repo);
        });
        return source[0];
    }

    private static void analyze(Handle h, JdbcSessionRepository repo) {
        String table = repo.statements().sessionsTable();
        switch (repo.dialect()) {
            case POSTGRESQL -> h.execute("ANALYZE " + table);
            case MARIADB, MYSQL -> h.createQuery("ANALYZE TABLE " + table).mapToMap().list();
            case SQLITE, H2 -> h.execute("ANALYZE");
        }
    }

    /** EXPLAIN of every list query; asserts each uses a session index; writes the plans. */
    static void explainAll(JdbcSessionRepository repo, UUID forkSource) {
        Statements sql = repo.statements();
        String index = (sql.prefix() + "sessions_ws_").toLowerCase(Locale.ROOT);
        StringBuilder doc = new StringBuilder("## " + repo.dialect() + "\n\n");
        for (Map.Entry<String, SessionCriteria> q : queries(forkSource).entrySet()) {
            Statements.BoundSql bound = sql.selectSessions(WORKSPACE, q.getValue());
            String plan = repo.jdbi().withHandle(h -> Statements.bind(h.createQuery(sql.explain(bound.sql())), bound.args())
                    .mapToMap().list().stream()
                    .map(row -> row.values().stream().map(String::valueOf).collect(Collectors.joining(" | ")))
                    .collect(Collectors.joining("\n")));
            doc.append("### ").append(q.getKey()).append("\n\n```\n").append(bound.sql().replace(sql.prefix(), "agentruns_")).append("\n```\n\n```\n")
                    .append(plan.replace(sql.prefix(), "agentruns_").replace(sql.prefix().toUpperCase(Locale.ROOT),
                            "AGENTRUNS_")).append("\n```\n\n");
            assertThat(plan.toLowerCase(Locale.ROOT)).as("plan of %s on %s:%n%s", q.getKey(), repo.dialect(), plan)
                    .contains(index);
        }
        try {
            Path out = Path.of("target", "query-plans", repo.dialect().name().toLowerCase(Locale.ROOT) + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
