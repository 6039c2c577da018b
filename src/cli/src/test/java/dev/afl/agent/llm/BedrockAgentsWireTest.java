package dev.afl.agent.llm;

import static dev.afl.agent.llm.ScriptedConverseServer.echoCredentials;
import static dev.afl.agent.llm.ScriptedConverseServer.error;
import static dev.afl.agent.llm.ScriptedConverseServer.noText;
import static dev.afl.agent.llm.ScriptedConverseServer.rawBody;
import static dev.afl.agent.llm.ScriptedConverseServer.reply;
import static dev.afl.agent.llm.ScriptedConverseServer.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.agent.Judgement;
import dev.afl.agent.Proposal;
import dev.afl.agent.llm.bedrock.BedrockConverseCall;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import dev.afl.agent.llm.bedrock.Converse;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LLM agents on Amazon Bedrock through the AWS SDK, against a local server speaking the Converse wire protocol
 * that checks every request's SigV4 signature: the request's shape, and each kind of answer (throttling with and
 * without Retry-After, server errors, malformed JSON, an answer without text, refused requests and credentials) with
 * the outcome the OpenAI path gives the same answer (LlmAgentsWireTest): the same retries, re-asks and fallbacks, as
 * LlmExchange is the one layer that decides them.
 */
class BedrockAgentsWireTest {

    static final Converse.Inference INFERENCE = new Converse.Inference(0.0, 400);
    static final LlmPolicy POLICY = new LlmPolicy(2, 2, Duration.ofMillis(5), Duration.ofSeconds(10), false,
            Duration.ofSeconds(10), Duration.ZERO);

    static ScriptedConverseServer server;
    static BedrockConverseCall recommenderCall;
    static BedrockConverseCall userCall;

    LlmRecommendationAgent recommender;
    LlmUserAgent user;

    @BeforeAll
    static void start() throws Exception {
        ScriptedConverseServer.credentials().forEach(System::setProperty);
        server = new ScriptedConverseServer();
        recommenderCall = new BedrockConverseCall(settings("recommender", "scripted-recommender"));
        userCall = new BedrockConverseCall(settings("user", "scripted-user"));
    }

    static BedrockSettings settings(String agent, String model) {
        return new BedrockSettings(agent, model, Optional.of(ScriptedConverseServer.REGION),
                Optional.of(URI.create(server.endpoint())), INFERENCE, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        recommenderCall.close();
        userCall.close();
        server.close();
        ScriptedConverseServer.credentials().keySet().forEach(System::clearProperty);
    }

    @BeforeEach
    void agents() {
        recommender = new LlmRecommendationAgent(recommenderCall, PromptLibrary.of(PromptSet.PAPER), POLICY,
                "scripted-recommender");
        user = new LlmUserAgent(userCall, PromptLibrary.of(PromptSet.PAPER), POLICY, "scripted-user",
                new RewardVerdict(1, 3));
    }

    @Test
    void aRequestIsSignedAndCarriesTheMessagesAndInferenceSettings() throws Exception {
        server.script(reply("Reason: Trip-hop fans often like it.\nItem: Radiohead"));
        Proposal proposal = recommender.propose(LlmAgentsWireTest.task(List.of()));
        assertThat(proposal.itemId()).isEqualTo("10");
        assertThat(proposal.reason()).isEqualTo("Trip-hop fans often like it.");
        assertThat(proposal.trace().fallback()).isFalse();
        assertThat(proposal.trace().model()).isEqualTo("scripted-recommender");

        ScriptedConverseServer.Request request = server.requests().getFirst();
        assertThat(request.signatureProblem()).as("SigV4 with the test key, scope and secret").isNull();
        assertThat(request.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential="
                + ScriptedConverseServer.ACCESS_KEY_ID + "/" + request.headers().get("x-amz-date").substring(0, 8)
                + "/us-east-1/bedrock/aws4_request, SignedHeaders=").contains("host", "x-amz-date", "Signature=");
        assertThat(request.modelId()).isEqualTo("scripted-recommender");
        // The body is the one mapping's (Converse.requestBody, which batch records reuse), nothing more.
        String system = server.systemMessage(0);
        String userMessage = server.userMessage(0);
        ObjectMapper json = new ObjectMapper();
        assertThat(request.body()).isEqualTo(json.readTree(json.writeValueAsString(Converse.requestBody(system,
                userMessage, INFERENCE))));
        assertThat(request.body().at("/inferenceConfig/maxTokens").asInt()).isEqualTo(400);
        assertThat(request.body().at("/inferenceConfig/temperature").asDouble()).isZero();
        assertThat(system).contains("You are a music artist recommendation system.", "Morcheeba");
        assertThat(userMessage).contains("Radiohead", "Portishead");
        // The answer's usage is the trace's token count.
        assertThat(proposal.trace().inputTokens()).isEqualTo((system + userMessage).length() / 4);
        assertThat(proposal.trace().outputTokens()).isEqualTo(
                "Reason: Trip-hop fans often like it.\nItem: Radiohead".length() / 4);
    }

    static Stream<Arguments> answers() {
        String valid = "Reason: Trip-hop fans often like it.\nItem: Radiohead";
        return Stream.of(
                Arguments.of("throttled with Retry-After, then valid", List.of(throttled("0"), reply(valid)), "10", 1,
                        false, 2),
                Arguments.of("throttled without Retry-After, then valid", List.of(throttled(null), reply(valid)), "10",
                        1, false, 2),
                Arguments.of("HTTP 500 then valid", List.of(error(500, "InternalServerException"), reply(valid)), "10",
                        1, false, 2),
                Arguments.of("service unavailable, model not ready, then valid", List.of(error(503,
                        "ServiceUnavailableException"), error(429, "ModelNotReadyException"), reply(valid)), "10", 1,
                        false, 3),
                Arguments.of("malformed JSON three times: fallback", List.of(rawBody("{\"output\": {tru"),
                        rawBody("not json"), rawBody("[1, 2")), "14", 1, true, 3),
                Arguments.of("throttled three times: fallback", List.of(throttled("0"), throttled("0"),
                        throttled("0")), "14", 1, true, 3),
                Arguments.of("no text, then valid: a re-ask", List.of(noText(), reply(valid)), "10", 2, false, 2),
                Arguments.of("validation error: fallback, not retried", List.of(error(400, "ValidationException")),
                        "14", 1, true, 1),
                Arguments.of("unknown model: fallback, not retried", List.of(error(404,
                        "ResourceNotFoundException")), "14", 1, true, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerHasTheOpenAiPathsOutcome(String name, List<ScriptedConverseServer.Step> steps, String item,
            int attempts, boolean fallback, int requests) {
        server.script(steps.toArray(ScriptedConverseServer.Step[]::new));
        Proposal proposal = recommender.propose(LlmAgentsWireTest.task(List.of()));
        assertThat(proposal.itemId()).isEqualTo(item);
        assertThat(proposal.trace().attempts()).isEqualTo(attempts);
        assertThat(proposal.trace().fallback()).isEqualTo(fallback);
        assertThat(server.remainingSteps()).as("every scripted step was used, none more").isZero();
        assertThat(server.requests()).as("the SDK does not retry on its own").hasSize(requests);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.signatureProblem()).isNull());
        if (fallback) {
            assertThat(proposal.reason()).isEqualTo("The recommendation model ranks \"Morcheeba\" highest among the"
                    + " candidates.");
        }
    }

    @Test
    void aRefusedRequestSaysWhatBedrockAnsweredWithoutRetry() {
        server.script(error(400, "ValidationException"));
        Proposal proposal = recommender.propose(LlmAgentsWireTest.task(List.of()));
        assertThat(proposal.trace().fallbackReason()).contains("LLM call failed after 1 try, not retried",
                "HTTP 400 (ValidationException): scripted ValidationException");
    }

    @Test
    void aMalformedAnswerIsRetriedAsAnUnreadableReply() {
        server.script(rawBody("{\"output\": {tru"), rawBody("{\"output\": {tru"), rawBody("{\"output\": {tru"));
        Proposal proposal = recommender.propose(LlmAgentsWireTest.task(List.of()));
        assertThat(proposal.trace().fallbackReason()).contains("LLM call failed after 3 tries");
    }

    /** Refused credentials end the turn: no retry, no fallback, and what to check, without the credentials. */
    @Test
    void refusedCredentialsStopTheTurnAndNeverShowTheCredentials() {
        server.script(echoCredentials());
        assertThatThrownBy(() -> recommender.propose(LlmAgentsWireTest.task(List.of())))
                .isInstanceOf(LlmCredentialsRefusedException.class)
                .hasMessageContaining("The LLM refused the credentials: scripted-recommender answered HTTP 403"
                        + " (AccessDeniedException)")
                .hasMessageContaining("bedrock:InvokeModel", "AFL_RECOMMENDER_BEDROCK_REGION")
                .message().doesNotContain(ScriptedConverseServer.ACCESS_KEY_ID, ScriptedConverseServer.SECRET_KEY,
                        "Signature=", "AFL_LLM_API_KEY");
        assertThat(server.requests()).hasSize(1);
    }

    /** AWS answers an expired session token with 400 (or 403): refused credentials either way, not a bad request. */
    @Test
    void anExpiredTokenIsRefusedCredentialsWhateverItsStatus() {
        server.script(error(400, "ExpiredTokenException"));
        assertThatThrownBy(() -> user.judge(LlmAgentsWireTest.judgement("It fits.")))
                .isInstanceOf(LlmCredentialsRefusedException.class)
                .hasMessageContaining("scripted-user answered HTTP 400 (ExpiredTokenException)",
                        "AFL_USER_BEDROCK_REGION");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void theUserAgentDecidesThroughBedrock() {
        server.script(error(500, "InternalServerException"), reply("Reason: fits the trip-hop.\nDecision: yes"));
        Judgement judgement = user.judge(LlmAgentsWireTest.judgement("It matches the history."));
        assertThat(judgement.accepted()).isTrue();
        assertThat(judgement.trace().fallback()).isFalse();
        assertThat(judgement.trace().model()).isEqualTo("scripted-user");
        assertThat(server.requests()).hasSize(2).allSatisfy(r -> assertThat(r.modelId()).isEqualTo("scripted-user"));
    }

    @Test
    void anEndpointOverrideThatIsNoUrlIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> BedrockSettings.endpoint("user", Optional.of("localhost:4566")))
                .hasMessageContaining("AFL_BEDROCK_ENDPOINT", "AFL_USER_BEDROCK_ENDPOINT", "'localhost:4566'");
        assertThat(BedrockSettings.endpoint("user", Optional.of(" "))).isEmpty();
    }
}
