package dev.agentruns;

import static dev.agentruns.SessionStatus.CANCELLED;
import static dev.agentruns.SessionStatus.COMPLETED;
import static dev.agentruns.SessionStatus.FAILED;
import static dev.agentruns.SessionStatus.RUNNING;
import static dev.agentruns.SessionStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStatusTest {

    @Test
    void transitionsAreExactlyTheDesignTable() {
        Map<SessionStatus, Set<SessionStatus>> allowed = Map.of(
                RUNNING, EnumSet.of(WAITING, COMPLETED, FAILED, CANCELLED),
                WAITING, EnumSet.of(RUNNING, FAILED, CANCELLED),
                COMPLETED, EnumSet.noneOf(SessionStatus.class),
                FAILED, EnumSet.noneOf(SessionStatus.class),
                CANCELLED, EnumSet.noneOf(SessionStatus.class));
        for (SessionStatus from : SessionStatus.values()) {
            for (SessionStatus to : SessionStatus.values()) {
                assertThat(from.canTransitionTo(to)).as("%s -> %s", from, to).isEqualTo(allowed.get(from).contains(to));
            }
        }
    }

    @Test
    void terminalStatusesAreTheThreeEndings() {
        assertThat(EnumSet.allOf(SessionStatus.class).stream().filter(SessionStatus::isTerminal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED);
    }
}
