package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.LlmCassette;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which agents ask Bedrock and with what settings, as the configuration reads them: an agent's own provider, region
 * and endpoint over the shared ones; a replaying agent's call made without any client.
 */
class BedrockAgentCallsTest {

    static final LlmCassette.Settings MODEL = new LlmCassette.Settings("anthropic.claude-3-haiku-20240307-v1:0", 0.0,
            400);

    @Test
    void anAgentsOwnSettingsOverrideTheSharedOnes() {
        BedrockAgentCalls calls = new BedrockAgentCalls(PromptSetConfigTest.config(Map.of(), Map.of(
                "AFL_LLM_PROVIDER", "bedrock", "AFL_USER_LLM_PROVIDER", "openai", "AFL_BEDROCK_REGION", "eu-west-1",
                "AFL_RECOMMENDER_BEDROCK_REGION", "us-east-1", "AFL_BEDROCK_ENDPOINT", "https://vpce.example")));
        assertThat(calls.asksBedrock("recommender")).isTrue();
        assertThat(calls.asksBedrock("user")).isFalse();
        BedrockSettings recommender = calls.settings("recommender", MODEL, Duration.ofSeconds(20));
        assertThat(recommender.region()).contains("us-east-1");
        assertThat(recommender.endpoint()).contains(URI.create("https://vpce.example"));
        assertThat(recommender.modelId()).isEqualTo(MODEL.model());
        assertThat(recommender.inference().temperature()).isZero();
        assertThat(recommender.inference().maxTokens()).isEqualTo(400);
        assertThat(recommender.callDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(calls.settings("user", MODEL, Duration.ofSeconds(20)).region()).contains("eu-west-1");
    }

    @Test
    void theOpenAiProviderIsTheDefault() {
        BedrockAgentCalls calls = new BedrockAgentCalls(PromptSetConfigTest.config(Map.of(), Map.of(
                "AFL_USER_LLM_PROVIDER", "bedrock")));
        assertThat(calls.asksBedrock("recommender")).isFalse();
        assertThat(calls.asksBedrock("user")).isTrue();
    }

    @Test
    void aMalformedEndpointIsRefusedWhenTheAgentIsMade() {
        BedrockAgentCalls calls = new BedrockAgentCalls(PromptSetConfigTest.config(Map.of(), Map.of(
                "AFL_LLM_PROVIDER", "bedrock", "AFL_RECOMMENDER_BEDROCK_ENDPOINT", "vpce.example:443")));
        assertThatThrownBy(() -> calls.settings("recommender", MODEL, Duration.ofSeconds(20)))
                .isInstanceOf(AflException.class)
                .hasMessageContaining("AFL_RECOMMENDER_BEDROCK_ENDPOINT", "'vpce.example:443'", "not an http(s) URL");
    }

    /** A replaying agent never asks the LLM: its call needs no client, so no region or credentials either. */
    @Test
    void aLazyCallMakesNoClientUntilItIsAsked() {
        BedrockAgentCalls calls = new BedrockAgentCalls(PromptSetConfigTest.config(Map.of(), Map.of(
                "AFL_LLM_PROVIDER", "bedrock")));
        BedrockSettings nowhere = new BedrockSettings("user", MODEL.model(), Optional.of("us-east-1"),
                Optional.of(URI.create("http://127.0.0.1:9")), new dev.afl.agent.llm.bedrock.Converse.Inference(
                0.0, 400), Duration.ofSeconds(1));
        LlmCall call = calls.call(nowhere, true);
        assertThat(call).isNotInstanceOf(dev.afl.agent.llm.bedrock.BedrockConverseCall.class);
        assertThat(calls.call(nowhere, false)).isInstanceOf(dev.afl.agent.llm.bedrock.BedrockConverseCall.class);
        calls.close();
    }
}
