package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.RuleBasedLlm;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.model.remote.ScriptedScoreServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every recommendation model name is selectable where a model is chosen: {@code refine --rec-model},
 * {@code evaluate-base --models} and {@code experiment --rec-models}, with the remote model answered by a local
 * server speaking its JSON contract and the LLM-only model by a local OpenAI-compatible server. A model that
 * cannot be used is a user error that says what to set.
 */
@QuarkusMainTest
class RecommendationModelChoiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @TempDir
    Path dir;

    /** Scores each candidate by its position, so the last candidate is the remote model's best. */
    private static String lastIsBest(JsonNode request) {
        StringBuilder scores = new StringBuilder("{\"scores\": [");
        for (int i = 0; i < request.get("candidates").size(); i++) {
            scores.append(i == 0 ? "" : ", ").append(i);
        }
        return scores.append("]}").toString();
    }

    @Test
    void refineAsksTheRemoteModel(QuarkusMainLauncher launcher) throws Exception {
        try (ScriptedScoreServer remote = new ScriptedScoreServer()) {
            remote.respondWith(RecommendationModelChoiceTest::lastIsBest);
            LaunchResult result = with(Map.of("afl.models.remote.url", remote.url(), "afl.models.remote.api-key",
                    "remote-key-789"), () -> launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm",
                    "--row", "17", "--rec-model", "remote", "--store", dir.toString(), "--json"));

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            JsonNode session = JSON.readTree(result.getOutput()).get("session");
            assertThat(session.at("/request/recommendationModel").asText()).isEqualTo("lastfm/remote");
            JsonNode candidates = session.at("/request/candidates");
            // The offline recommendation agent proposes the model's best candidate first: the remote model's.
            assertThat(session.at("/rounds/0/itemId").asText())
                    .isEqualTo(candidates.get(candidates.size() - 1).get("id").asText());
            assertThat(remote.requests()).isNotEmpty();
            JsonNode request = remote.requests().getFirst().body();
            assertThat(request.get("dataset").asText()).isEqualTo("lastfm");
            assertThat(request.get("history")).hasSize(10);
            assertThat(request.get("candidates")).hasSize(20);
            assertThat(request.at("/candidates/0").asText()).isEqualTo(candidates.get(0).get("id").asText());
            assertThat(remote.requests().getFirst().headers().getFirst("Authorization"))
                    .isEqualTo("Bearer remote-key-789");
            assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("remote-key-789");
        }
    }

    @Test
    void aRemoteModelThatBreaksTheContractStopsRefineWithItsName(QuarkusMainLauncher launcher) throws Exception {
        try (ScriptedScoreServer remote = new ScriptedScoreServer()) {
            remote.respondWith(request -> "{\"scores\": [1, 2]}");
            LaunchResult result = with(Map.of("afl.models.remote.url", remote.url()), () -> launcher.launch("refine",
                    "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17", "--rec-model", "remote", "--store",
                    dir.toString()));
            assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
            assertThat(result.getErrorOutput()).contains(remote.url(), "answered 2 scores for 20 candidates")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void theLlmOnlyModelWithoutAnLlmIsAUserError(QuarkusMainLauncher launcher) {
        // The resolver's other refusals (unknown names, no endpoint) are RecommendationModelsTest's.
        LaunchResult noLlm = launcher.launch("refine", "--data-dir", dataDir, "--row", "17", "--rec-model", "llm",
                "--store", dir.toString());
        assertThat(noLlm.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(noLlm.getErrorOutput()).contains("no LLM is configured", "AFL_LLM_MODEL");
    }

    @Test
    void evaluateBaseTakesTheRemoteModelAndTheLlmOnlyModel(QuarkusMainLauncher launcher) throws Exception {
        Path output = dir.resolve("base.json");
        try (ScriptedScoreServer remote = new ScriptedScoreServer(); ScriptedChatServer llm = new ScriptedChatServer()) {
            remote.respondWith(RecommendationModelChoiceTest::lastIsBest);
            RuleBasedLlm ruleBased = new RuleBasedLlm();
            // Users whose history block hashes even get no usable answer at all (re-asks included): fallbacks.
            llm.respondWith(prompt -> historyBlock(prompt).hashCode() % 2 == 0 ? "I cannot decide." : ruleBased.apply(prompt));
            Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(llm));
            config.put("afl.agents.mode", "offline"); // offline agents may still consult the LLM-only model
            config.put("afl.models.remote.url", remote.url());
            LaunchResult result = with(config, () -> launcher.launch("evaluate-base", "--data-dir", dataDir,
                    "--datasets", "lastfm", "--models", "remote,llm,caser", "--seeds", "1", "--output",
                    output.toString()));

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains("remote:" + remote.url(), "llm:scripted-recommender",
                    "valid answers");
            JsonNode results = JSON.readTree(output.toFile()).get("results");
            assertThat(results).extracting(entry -> entry.get("model").asText()).containsExactly("remote", "llm",
                    "caser");
            for (JsonNode entry : results) {
                assertThat(entry.get("n").asInt()).isEqualTo(122);
            }
            assertThat(results.get(0).get("validRatio").asDouble()).isEqualTo(1.0);
            assertThat(results.get(1).get("validRatio").asDouble()).isStrictlyBetween(0.0, 1.0);
            assertThat(results.get(2).get("validRatio").asDouble()).isEqualTo(1.0);
            assertThat(remote.requests()).hasSize(122);
            assertThat(JSON.readTree(output.toFile()).at("/manifest/modelSha256/lastfm~1llm").asText())
                    .isEqualTo("llm:scripted-recommender");
        }
    }

    @Test
    void experimentRunsTheLlmOnlyModelAsABaseModelAndInTheLoop(QuarkusMainLauncher launcher) throws Exception {
        Path output = dir.resolve("report");
        try (ScriptedChatServer llm = new ScriptedChatServer()) {
            llm.respondWith(new RuleBasedLlm());
            LaunchResult result = with(ScriptedChatServerResource.configFor(llm), () -> launcher.launch("experiment",
                    "recommendation", "--data-dir", dataDir, "--dataset", "lastfm", "--rec-models", "llm", "--rows",
                    "2", "--seeds", "1", "--max-rounds", "2", "--output", output.toString(), "--work-dir",
                    dir.resolve("cases").toString()));

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            JsonNode document = JSON.readTree(output.resolve("results.json").toFile());
            JsonNode base = find(document.get("recommendation"), "lastfm/llm/base/random");
            assertThat(base.get("cases").asInt()).isEqualTo(2);
            assertThat(base.at("/ledger/llmCalls").asLong()).as("the base row asked the LLM").isGreaterThanOrEqualTo(2);
            JsonNode afl = find(document.get("recommendation"), "lastfm/llm/afl/random");
            assertThat(afl.get("cases").asInt()).isEqualTo(2);
            assertThat(document.at("/manifest/modelSha256/lastfm~1llm").asText()).isEqualTo("llm:scripted-recommender");
            // The loop's recommendation agent saw the LLM-only model's pick as the model suggestion.
            assertThat(llm.requests().stream().map(request -> request.get("messages").toString()))
                    .anyMatch(messages -> messages.contains("model-suggestion"));
        }
    }

    private static String historyBlock(String prompt) {
        int start = prompt.indexOf("<data name=\"history\">");
        return start < 0 ? prompt : prompt.substring(start, prompt.indexOf("</data>", start));
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id + " in " + configurations);
    }

    /** Launches with the configuration as system properties (the application starts at launch). */
    private static LaunchResult with(Map<String, String> config, Supplier<LaunchResult> launch) {
        config.forEach(System::setProperty);
        try {
            return launch.get();
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }
}
