package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * AFL_LLM_TIMEOUT is each call's one deadline, enforced by the agents, so any positive duration holds as given (the
 * OpenAI client counts its own timeouts in whole seconds, and 500ms used to mean none); the worst case of a turn
 * follows from it and the retry settings, by the formula the template's function timeouts use.
 */
class LlmTimeoutTest {

    @Test
    void aSubSecondDeadlineIsKeptAndANonPositiveOneIsRefusedWithTheSetting() {
        assertThat(policy(Duration.ofMillis(500)).callDeadline()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> policy(Duration.ZERO)).isInstanceOf(AflException.class)
                .hasMessageContaining("AFL_LLM_TIMEOUT").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> policy(Duration.ofSeconds(-1))).isInstanceOf(AflException.class);
    }

    @Test
    void theWorstCaseOfATurnIsEveryCallAtItsDeadlineAndEveryWaitAtItsCap() {
        // (1 + re-asks) x ((1 + call-retries) x T + call-retries x max-retry-after), the defaults 2, 2, 10 s.
        assertThat(policy(Duration.ofSeconds(3)).worstCaseTurn()).isEqualTo(Duration.ofSeconds(87));
        assertThat(policy(Duration.ofSeconds(60)).worstCaseTurn()).isEqualTo(Duration.ofSeconds(600));
        assertThat(new LlmPolicy(0, 0, Duration.ofMillis(500), Duration.ofSeconds(10), false, Duration.ofSeconds(3),
                Duration.ZERO).worstCaseTurn()).isEqualTo(Duration.ofSeconds(3));
    }

    private static LlmPolicy policy(Duration deadline) {
        return new LlmPolicy(2, 2, Duration.ofMillis(500), Duration.ofSeconds(10), false, deadline,
                Duration.ofSeconds(30));
    }
}
