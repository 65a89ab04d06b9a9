package dev.agentruns.examples;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRuns;
import dev.agentruns.AgentRunsListener;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.TimeWindow;
import dev.agentruns.Workspace;
import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.spi.SessionRepository;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * agentruns at work: three simulated agents (a code reviewer, a test writer and a release
 * assistant) record two weeks of sessions in every status, and the program prints what the Agent
 * Runs view of a host application would show: the session list, filtered four ways, and one
 * session's Messages, Output and Activity tabs; then it exports the outputs in bulk.
 *
 * <p>Run it from the project root with {@code ./mvnw -q -pl examples -am package exec:java -DskipTests}.
 */
public final class AgentRunsDemo {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Thursday of last week, seen from the demo's "now" (Wednesday 11 June 2025, 16:02). */
    static final LocalDateTime START = LocalDateTime.of(2025, 6, 5, 9, 0);

    private AgentRunsDemo() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Records the sessions and prints the views to {@code out}. */
    static void run(PrintStream out) {
        DemoClock clock = new DemoClock(START, ZONE);
        ChangeCounter counter = new ChangeCounter();
        // Any SessionRepository plugs in here: the in-memory one, or agentruns-jdbc on a database.
        try (SessionRepository repository = new InMemorySessionRepository()) {
            AgentRuns agentRuns = AgentRuns.builder(repository)
                    .clock(clock)
                    .zone(ZONE)
                    .weekStart(DayOfWeek.MONDAY)
                    .listener(counter)
                    .build();
            Workspace workspace = agentRuns.workspace("acme-payments");
            printSetup(out, repository, clock);

            SimulatedAgents.Recorded sessions = new SimulatedAgents(workspace, clock).recordTwoWeeks();
            out.println("Recorded until " + DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH)
                    .format(clock.instant().atZone(ZONE)) + ". " + counter.summary());

            AgentRunsConsole console = new AgentRunsConsole(out, workspace, clock, ZONE);
            printViews(console, sessions);
        }
    }

    private static void printSetup(PrintStream out, SessionRepository repository, DemoClock clock) {
        out.println("agentruns demo");
        out.println("Store: " + repository.getClass().getName() + " (sessions live in this JVM only)");
        out.println("Clock: a demo clock from " + DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH)
                .format(clock.instant().atZone(ZONE)) + ", zone " + ZONE + ", weeks start on Monday");
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
