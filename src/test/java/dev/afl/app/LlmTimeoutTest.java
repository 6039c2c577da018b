package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A sub-second LLM timeout is refused: the OpenAI client truncates its timeouts to whole seconds, and 0 means none
 * (the reliability suite saw a reply stalled mid-body hang the agent with a 300ms timeout configured).
 */
class LlmTimeoutTest {

    @Test
    void aTimeoutUnderOneSecondIsRefusedWithTheFix() {
        assertThatThrownBy(() -> AgentFactory.checkTimeout("quarkus.langchain4j.openai.user.timeout",
                Duration.ofMillis(500))).isInstanceOf(AflException.class)
                .hasMessageContaining("quarkus.langchain4j.openai.user.timeout (AFL_LLM_TIMEOUT) is 500ms")
                .hasMessageContaining("set it to 1s or more");
        assertThatThrownBy(() -> AgentFactory.checkTimeout("t", Duration.ZERO)).isInstanceOf(AflException.class);
    }

    @Test
    void wholeSecondsAreAccepted() {
        assertThatCode(() -> AgentFactory.checkTimeout("t", Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThatCode(() -> AgentFactory.checkTimeout("t", Duration.ofSeconds(60))).doesNotThrowAnyException();
    }
}
