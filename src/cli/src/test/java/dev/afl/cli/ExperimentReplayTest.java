package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.RuleBasedLlm;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LLM experiment recorded against a local OpenAI-compatible server, then replayed from the cassette with the
 * server stopped: zero LLM calls, identical metrics (including token counts, fallbacks and costs).
 */
@QuarkusMainTest
class ExperimentReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecordedLlmExperimentReplaysWithoutTheServerAndGivesIdenticalMetrics(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws Exception {
        Path cassettes = dir.resolve("cassettes");
        Map<String, String> config;
        int recordedCalls;
        LaunchResult recorded;
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.respondWith(new RuleBasedLlm());
            config = new HashMap<>(ScriptedChatServerResource.configFor(server));
            config.put("afl.llm.cassette", "record");
            config.put("afl.llm.cassette-dir", cassettes.toString());
            recorded = launch(launcher, config, dir.resolve("recorded"), dir.resolve("cases-recorded"));
            recordedCalls = server.requests().size();
        }
        assertThat(recorded.exitCode()).as(recorded.getErrorOutput()).isZero();
        assertThat(recordedCalls).as("the recording run asked the LLM").isGreaterThan(100);

        config.put("afl.llm.cassette", "replay");
        config.put("afl.llm.on-unavailable", "fail"); // a cassette miss must fail, not fall back quietly
        LaunchResult replayed = launch(launcher, config, dir.resolve("replayed"), dir.resolve("cases-replayed"));
        assertThat(replayed.exitCode()).as(replayed.getErrorOutput()).isZero();

        JsonNode first = JSON.readTree(dir.resolve("recorded/results.json").toFile());
        JsonNode second = JSON.readTree(dir.resolve("replayed/results.json").toFile());
        for (String section : new String[] {"recommendation", "recommendationComparisons", "userSimulation",
                "userSimulationComparisons"}) {
            assertThat(second.get(section)).as(section).isNotEmpty().isEqualTo(first.get(section));
        }
        // The run was a real LLM run: calls and tokens are in the ledger, and some answers needed a re-ask.
        JsonNode afl = find(first.get("recommendation"), "lastfm/sasrec/afl/random");
        assertThat(afl.at("/ledger/llmCalls").asLong()).isGreaterThan(afl.at("/cases").asLong());
        assertThat(afl.at("/ledger/inputTokens").asLong()).isPositive();
        assertThat(afl.at("/ledger/costUsd").asDouble()).isPositive();
        assertThat(first.get("agents").asText()).isEqualTo("llm");
        assertThat(Files.readString(dir.resolve("replayed/report.md"))).contains("User simulation");
    }

    private static LaunchResult launch(QuarkusMainLauncher launcher, Map<String, String> config, Path output,
            Path work) {
        config.forEach(System::setProperty);
        try {
            return launcher.launch("experiment", "all", "--data-dir", TestData.dataDir().toString(), "--dataset",
                    "lastfm", "--rows", "3", "--seeds", "1", "--rec-models", "sasrec", "--max-rounds", "3",
                    "--concurrency", "3", "--output", output.toString(), "--work-dir", work.toString());
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id + " in " + configurations);
    }
}
