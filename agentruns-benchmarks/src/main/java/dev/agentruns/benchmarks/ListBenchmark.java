package dev.agentruns.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.Page;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.Workspace;
import dev.agentruns.internal.CursorCodec;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.jdbc.internal.Micros;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionRepository;

/**
 * Scenario 4, the session list: a page of 50 sessions of one agent in one status started this month
 * ({@link ListData#query()}), newest first, over {@code sessions} sessions. {@code page1} reads the
 * first page, {@code page200} the 200th (keyset: its cursor is found in set-up by walking 199 pages),
 * {@code count} counts the matches. Sampled, so the results carry the median (p50) as well as the mean.
 *
 * <p>Set-up checks the store before anything is measured: the first page holds 50 rows, every row
 * read matches the filter in strictly descending (startedAt, id) order, and the count is what the
 * generator made; the raw baseline's pages hold the rows agentruns returns. Only {@code page200}
 * walks the pages (the others check page 1). When fewer than 200 pages match (10,000 sessions:
 * about 28), {@code page200} measures the last page, and says so in its note. H2 runs with {@link Database#readSettings()}: its
 * result cache would otherwise answer every repeated query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// In memory, 1,000,000 sessions take about 1.9 GB; the heap is touched at start as the runner's forks do.
@Fork(jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ListBenchmark {
    static final int TARGET_PAGE = 200;

    @Param("agentruns-memory")
    public String impl;

    @Param("10000")
    public int sessions;

    private Lister lister;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        // Only page200 needs the walk to its cursor (on H2 at 1,000,000 sessions, minutes).
        boolean walk = params.getBenchmark().endsWith(".page200");
        String dataSet;
        if (impl.equals("agentruns-memory")) {
            long t0 = System.nanoTime();
            SessionRepository repository = ListDataSets.inMemory(sessions);
            double seconds = (System.nanoTime() - t0) / 1e9;
            dataSet = String.format(Locale.ROOT, "memory %,d sessions: built through the SPI in %.1f s", sessions,
                    seconds);
            lister = new ApiLister(repository, null);
        } else if (impl.startsWith("agentruns-")) {
            ListDataSets.Cached data = ListDataSets.cached(Database.ofKey(impl.substring("agentruns-".length())),
                    sessions);
            dataSet = data.describe();
            // A pool of the repository's own, as embedded(file) and url(...) give a host.
            lister = new ApiLister(JdbcSessionRepository.builder().url(data.readUrl(), data.database().user(),
                    data.database().password()).maximumPoolSize(4).tablePrefix(data.prefix()).build(), null);
        } else if (impl.startsWith("raw-")) {
            ListDataSets.Cached data = ListDataSets.cached(Database.ofKey(impl.substring("raw-".length())), sessions);
            dataSet = data.describe();
            lister = new RawLister(data);
        } else {
            throw new IllegalArgumentException("no list implementation named '" + impl + "'");
        }
        long expected = ListData.expectedMatches(sessions);
        long t0 = System.nanoTime();
        int measured = lister.prepare(expected, walk ? TARGET_PAGE : 1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (walk) {
            Notes.write("list-" + impl + "-" + sessions, String.format(Locale.ROOT, "- list %s, %s; the filter"
                            + " matches %,d sessions (%,d pages of %d); page200 measures page %d%s (walking there"
                            + " took %.1f s)", impl, dataSet, expected, (expected + ListData.PAGE - 1) / ListData.PAGE,
                    ListData.PAGE, measured, measured == TARGET_PAGE ? "" : ", the last page: there is no page 200",
                    seconds));
        } else {
            System.out.println("# list " + impl + ", " + dataSet + "; checked page 1 and the count");
        }
    }

    @Benchmark
    public Object page1() {
        return lister.page1();
    }

    @Benchmark
    public Object page200() {
        return lister.page200();
    }

    @Benchmark
    public long count() {
        return lister.count();
    }

    @TearDown(Level.Trial)
    public void close() {
        lister.close();
    }

    /** One implementation of the three measured calls. */
    interface Lister extends AutoCloseable {
        /**
         * Checks page 1 and the count, then walks by cursor to page {@code target} (or the last
         * page, if there are fewer), checking every row, and keeps that page's query for
         * {@link #page200()}. Returns the number of the page kept.
         */
        int prepare(long expected, int target);

        Object page1();

        Object page200();

        long count();

        @Override
        void close();
    }

    /** Position of a row in newest-first order, for the order checks. */
    private static final class Order {
        private Instant lastAt;
        private UUID lastId;
        private long rows;

        void next(Instant at, UUID id, String what) {
            if (lastAt != null && Keyset.compare(at, id, lastAt, lastId) >= 0) {
                throw new IllegalStateException(what + ": row " + (rows + 1) + " (" + at + ", " + id
                        + ") is not after the previous one in newest-first order");
            }
            lastAt = at;
            lastId = id;
            rows++;
        }
    }

    /** agentruns through {@link Workspace#list} and {@link Workspace#count}. */
    static final class ApiLister implements Lister {
        private final SessionRepository repository;
        private final HikariDataSource pool;
        private final Workspace workspace;
        private final SessionQuery first = ListData.query();
        private SessionQuery measured;

        ApiLister(SessionRepository repository, HikariDataSource pool) {
            this.repository = repository;
            this.pool = pool;
            this.workspace = ListData.workspace(repository);
        }

        @Override
        public int prepare(long expected, int target) {
            Page<SessionSummary> page = workspace.list(first);
            if (page.items().size() != ListData.PAGE) {
                throw new IllegalStateException("page 1 holds " + page.items().size() + " rows, not " + ListData.PAGE);
            }
            long count = workspace.count(first);
            if (count != expected) {
                throw new IllegalStateException("count says " + count + ", the generator made " + expected);
            }
            Order order = new Order();
            check(page, order);
            SessionQuery previous = first;
            int number = 1;
            while (number < target && page.hasNext()) {
                previous = first.withCursor(page.nextCursor());
                page = workspace.list(previous);
                number++;
                check(page, order);
            }
            if (!page.hasNext() && order.rows != expected) {
                throw new IllegalStateException("walked " + order.rows + " rows to the last page; expected " + expected);
            }
            measured = previous;
            return number;
        }

        private static void check(Page<SessionSummary> page, Order order) {
            for (SessionSummary s : page.items()) {
                if (!s.agent().id().equals(ListData.FILTER_AGENT) || s.status() != ListData.FILTER_STATUS
                        || s.startedAt().isBefore(ListData.MONTH_START) || !s.startedAt().isBefore(ListData.MONTH_END)
                        || s.messageCount() != 1) {
                    throw new IllegalStateException("listed a session the filter does not match: " + s);
                }
                order.next(s.startedAt(), s.id(), "agentruns list");
            }
        }

        @Override
        public Object page1() {
            return workspace.list(first);
        }

        @Override
        public Object page200() {
            return workspace.list(measured);
        }

        @Override
        public long count() {
            return workspace.count(first);
        }

        @Override
        public void close() {
            repository.close();
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** The same SQL in plain JDBC ({@link RawList}). */
    static final class RawLister implements Lister {
        private final ListDataSets.Cached data;
        private final HikariDataSource pool;
        private final RawList raw;
        private long afterStartedAt;
        private String afterId;

        RawLister(ListDataSets.Cached data) {
            this.data = data;
            this.pool = data.open(2);
            this.raw = new RawList(data.database(), pool, data.prefix());
        }

        @Override
        public int prepare(long expected, int target) {
            List<RawList.Row> page = raw.firstPage();
            if (page.size() != RawList.FETCH) {
                throw new IllegalStateException("page 1 holds " + page.size() + " rows, not " + RawList.FETCH);
            }
            long count = raw.count();
            if (count != expected) {
                throw new IllegalStateException("count says " + count + ", the generator made " + expected);
            }
            Order order = new Order();
            List<RawList.Row> rows = check(page, order);
            sameAsAgentRuns(null, rows);
            int number = 1;
            RawList.Row lastOfPrevious = null;
            while (number < target && page.size() == RawList.FETCH) {
                lastOfPrevious = rows.get(rows.size() - 1);
                page = raw.pageAfter(lastOfPrevious.startedAt(), lastOfPrevious.id());
                rows = check(page, order);
                number++;
            }
            if (page.size() < RawList.FETCH && order.rows != expected) {
                throw new IllegalStateException("walked " + order.rows + " rows to the last page; expected " + expected);
            }
            if (lastOfPrevious != null) {
                afterStartedAt = lastOfPrevious.startedAt();
                afterId = lastOfPrevious.id();
                sameAsAgentRuns(lastOfPrevious, rows);
            }
            return number;
        }

        /** The rows of the page, without the look-ahead row; checks filter and order. */
        private static List<RawList.Row> check(List<RawList.Row> page, Order order) {
            List<RawList.Row> rows = page.subList(0, Math.min(page.size(), ListData.PAGE));
            for (RawList.Row r : rows) {
                if (!r.agentId().equals(ListData.FILTER_AGENT) || !r.status().equals(ListData.FILTER_STATUS.name())) {
                    throw new IllegalStateException("raw list returned a row the filter does not match: " + r);
                }
                order.next(Micros.toInstant(r.startedAt()), UUID.fromString(r.id()), "raw list");
            }
            return rows;
        }

        /**
         * The page after {@code after} (the first page when null) holds the rows agentruns returns for
         * it, asked with the cursor agentruns would have handed out. On the raw pool's second
         * connection, without the migration check (which takes two more connections on H2).
         */
        private void sameAsAgentRuns(RawList.Row after, List<RawList.Row> rows) {
            SessionQuery query = ListData.query();
            if (after != null) {
                query = query.withCursor(CursorCodec.encode(SortOrder.NEWEST_FIRST, Micros.toInstant(after.startedAt()),
                        UUID.fromString(after.id())));
            }
            try (JdbcSessionRepository repository = JdbcSessionRepository.builder().dataSource(pool)
                    .tablePrefix(data.prefix()).migrate(false).build()) {
                List<String> theirs = ListData.workspace(repository).list(query).items().stream()
                        .map(s -> s.id().toString()).toList();
                List<String> ours = rows.stream().map(RawList.Row::id).toList();
                if (!theirs.equals(ours)) {
                    throw new IllegalStateException("the raw page after " + after + " differs from agentruns' page");
                }
            }
        }

        @Override
        public Object page1() {
            return raw.firstPage();
        }

        @Override
        public Object page200() {
            return raw.pageAfter(afterStartedAt, afterId);
        }

        @Override
        public long count() {
            return raw.count();
        }

        @Override
        public void close() {
            raw.close();
            pool.close();
        }
    }
}
