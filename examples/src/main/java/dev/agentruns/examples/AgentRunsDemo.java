package dev.agentruns.examples;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRuns;
import dev.agentruns.AgentRunsListener;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.TimeWindow;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * agentruns at work: three simulated agents (a code reviewer, a test writer and a release
 * assistant) record two weeks of sessions in every status, and the program prints what the Agent
 * Runs view of a host application would show: the session list, filtered four ways, and one
 * session's Messages, Output and Activity tabs; then it exports the outputs in bulk.
 *
 * <p>The sessions are stored in an embedded SQLite file ({@link JdbcSessionRepository#embedded}),
 * so they outlive the program: each run lists the sessions earlier runs left in the file, then
 * records its own in the week after them, and the views show both.
 *
 * <p>Run it from the project root with {@code ./mvnw -q -pl examples -am package exec:java -DskipTests};
 * the file is {@code examples/target/agentruns-demo/agentruns.db}. Another file: pass its path as
 * the program argument ({@code -Dexec.args=/tmp/demo.db}) or as the system property
 * {@value #DATABASE_PROPERTY} ({@code -Dagentruns.db=/tmp/demo.db}).
 */
public final class AgentRunsDemo {
    /** The system property naming the SQLite file; the first program argument wins over it. */
    static final String DATABASE_PROPERTY = "agentruns.db";
    /** The file when neither names one, relative to the working directory. */
    static final String DEFAULT_DATABASE = "target/agentruns-demo/agentruns.db";

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /**
     * Where the first run starts: Thursday of last week, seen from that run's "now" (Wednesday
     * 11 June 2025, 16:02). Later runs on the same file start whole weeks later.
     */
    static final LocalDateTime FIRST_RUN_START = LocalDateTime.of(2025, 6, 5, 9, 0);

    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private AgentRunsDemo() {
    }

    public static void main(String[] args) {
        String file = args.length > 0 ? args[0] : System.getProperty(DATABASE_PROPERTY, DEFAULT_DATABASE);
        run(System.out, Path.of(file));
    }

    /** Records this run's sessions in {@code databaseFile} and prints the views to {@code out}. */
    static void run(PrintStream out, Path databaseFile) {
        Path file = databaseFile.toAbsolutePath().normalize();
        boolean newFile = !Files.exists(file);
        DemoClock clock = new DemoClock(FIRST_RUN_START, ZONE);
        ChangeCounter counter = new ChangeCounter();
        // Any SessionRepository plugs in here. This one keeps the sessions in an SQLite file (WAL mode,
        // tables created on first use); new InMemorySessionRepository() would keep them in this JVM only.
        try (JdbcSessionRepository repository = JdbcSessionRepository.embedded(file)) {
            AgentRuns agentRuns = AgentRuns.builder(repository)
                    .clock(clock)
                    .zone(ZONE)
                    .weekStart(DayOfWeek.MONDAY)
                    .listener(counter)
                    .build();
            Workspace workspace = agentRuns.workspace("acme-payments");
            AgentRunsConsole console = new AgentRunsConsole(out, workspace, clock, ZONE);

            // What earlier runs left in the file; this run's week starts after the newest of it.
            SessionQuery everything = SessionQuery.builder().archived(ArchivedFilter.INCLUDE).build();
            long earlier = workspace.count(everything);
            LocalDateTime start = startAfter(workspace.list(everything).items());
            clock.advanceTo(start);
            printSetup(out, repository, file, newFile, earlier, clock);
            if (earlier > 0) {
                console.printList("Sessions from earlier runs", everything);
            }

            SimulatedAgents.Recorded sessions = new SimulatedAgents(workspace, clock, start.toLocalDate())
                    .recordTwoWeeks();
            out.println();
            out.println("Recorded until " + DAY_TIME.format(clock.instant().atZone(ZONE)) + ". " + counter.summary());

            printViews(console, sessions);

            out.println();
            out.println("The sessions stay in " + file + ": run the demo again and they are listed as"
                    + " sessions from earlier runs. Delete the file to start over.");
        }
    }

    /**
     * The first demo week (a Thursday, 09:00) that starts after the latest activity of the newest
     * stored sessions: time only moves forward, so durations and time windows stay sensible.
     */
    private static LocalDateTime startAfter(List<SessionSummary> stored) {
        LocalDateTime start = FIRST_RUN_START;
        Instant latest = stored.stream().map(SessionSummary::lastActivityAt).max(Comparator.naturalOrder())
                .orElse(Instant.MIN);
        while (!start.atZone(ZONE).toInstant().isAfter(latest)) {
            start = start.plusWeeks(1);
        }
        return start;
    }

    private static void printSetup(PrintStream out, JdbcSessionRepository repository, Path file, boolean newFile,
                                   long earlier, DemoClock clock) {
        out.println("agentruns demo");
        out.println("Store: embedded SQLite, JdbcSessionRepository.embedded(file) (dialect " + repository.dialect()
                + ", tables " + repository.tablePrefix() + "*)");
        out.println("File: " + file + (newFile ? " (new)" : " (from an earlier run)"));
        out.println("Sessions from earlier runs: " + earlier + (earlier > 0
                ? " (listed below; this run records the week after them)" : ""));
        out.println("Clock: a demo clock from " + DAY_TIME.format(clock.instant().atZone(ZONE)) + ", zone " + ZONE
                + ", weeks start on Monday");
        out.println("Workspace: acme-payments; agents: Code Reviewer, Test Writer, Release Assistant");
    }

    private static void printViews(AgentRunsConsole console, SimulatedAgents.Recorded sessions) {
        console.printList("Agent Runs", SessionQuery.all());
        console.printList("Agent Runs - Status: Completed",
                SessionQuery.builder().statuses(SessionStatus.COMPLETED).build());
        console.printList("Agent Runs - Agent: Code Reviewer",
                SessionQuery.builder().agents(SimulatedAgents.CODE_REVIEWER.id()).build());
        console.printList("Agent Runs - This Week",
                SessionQuery.builder().window(TimeWindow.THIS_WEEK).build());
        // A ticket's sessions include the archived ones.
        console.printList("Agent Runs - Ticket: " + SimulatedAgents.PAY_142.display(),
                SessionQuery.forTicket(SimulatedAgents.PAY_142));

        console.printSession(sessions.release());

        console.printExport("Bulk export - outputs of completed sessions (JSON Lines)",
                SessionQuery.builder().statuses(SessionStatus.COMPLETED).archived(ArchivedFilter.INCLUDE).build());
    }

    /** Listeners see every change once it is stored; a host would refresh its view or notify someone here. */
    private static final class ChangeCounter implements AgentRunsListener {
        private final AtomicInteger sessions = new AtomicInteger();
        private final AtomicInteger messages = new AtomicInteger();
        private final AtomicInteger events = new AtomicInteger();
        private final AtomicInteger statusChanges = new AtomicInteger();

        @Override
        public void sessionStarted(Session session) {
            sessions.incrementAndGet();
        }

        @Override
        public void messageAppended(Message message) {
            messages.incrementAndGet();
        }

        @Override
        public void activityRecorded(ActivityEvent event) {
            events.incrementAndGet();
        }

        @Override
        public void statusChanged(Session session, SessionStatus from) {
            statusChanges.incrementAndGet();
        }

        String summary() {
            return "A listener saw " + sessions + " sessions start, " + messages + " messages, " + events
                    + " activity events and " + statusChanges + " status changes.";
        }
    }
}
