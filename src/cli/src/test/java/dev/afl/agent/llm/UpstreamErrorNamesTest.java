package dev.afl.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.session.RefinementProblems;
import org.junit.jupiter.api.Test;

/** The core names the LLM's errors (the functions word a 502 without the LLM client): the names must be these classes'. */
class UpstreamErrorNamesTest {

    @Test
    void theCoreNamesTheLlmAdaptersUpstreamErrors() {
        assertThat(RefinementProblems.UPSTREAM_ERRORS).containsExactlyInAnyOrder(
                LlmUnavailableException.class.getName(), LlmCredentialsRefusedException.class.getName());
        assertThat(LlmUnavailableException.upstream(LlmUnavailableException.class.getName())).isTrue();
        assertThat(LlmUnavailableException.upstream("java.lang.IllegalStateException")).isFalse();
    }
}
