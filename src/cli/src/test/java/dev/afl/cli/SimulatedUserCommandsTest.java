package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated user chosen by configuration ({@code afl.agents.user}), as the offline agents are: {@code refine}
 * plays it and repeats its decisions exactly, and {@code experiment} names it in its results and case files.
 */
@QuarkusMainTest
@TestProfile(SimulatedUserCommandsTest.IndependentUser.class)
class SimulatedUserCommandsTest {

    /** The independent-information user with noise. */
    public static class IndependentUser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("afl.agents.user", "independent", "afl.agents.simulated.epsilon", "0.3");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABEL = "offline+independent-morec-eps0.30-seed20250713";
    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @Test
    void refinePlaysTheConfiguredUserAndRepeatsItsDecisions(QuarkusMainLauncher launcher, @TempDir Path store)
            throws IOException {
        List<List<String>> decisions = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                    "--store", store.toString(), "--json");
            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            JsonNode out = JSON.readTree(result.getOutput());
            assertThat(out.get("agents").asText()).isEqualTo(LABEL);
            List<String> rounds = new ArrayList<>();
            for (JsonNode round : out.at("/session/rounds")) {
                assertThat(round.at("/user/model").asText()).isEqualTo("independent-user lastfm/morec top-1 eps=0.30");
                rounds.add(round.get("itemId").asText() + ":" + round.get("accepted").asBoolean());
            }
            decisions.add(rounds);
        }
        assertThat(decisions.get(1)).isEqualTo(decisions.get(0)).isNotEmpty();
    }

    @Test
    void experimentNamesTheSimulatedUserInItsResultsAndCaseFiles(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws IOException {
        LaunchResult result = launcher.launch("experiment", "recommendation", "--data-dir", dataDir, "--dataset",
                "lastfm", "--rows", "6", "--rec-models", "gru4rec", "--output", dir.resolve("report").toString(),
                "--work-dir", dir.resolve("cases").toString(), "--reference-models", dir.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode report = JSON.readTree(dir.resolve("report/results.json").toFile());
        assertThat(report.get("agents").asText()).isEqualTo(LABEL);
        assertThat(report.at("/protocol/agents").asText()).contains("the independent-information user");
        try (Stream<Path> files = Files.list(dir.resolve("cases"))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> name.contains(
                    "offline_independent-morec-eps0.30-seed20250713"));
        }
        // The offline Rec Agent is still the base model; the independent user makes AFL without the reward model AFL.
        for (JsonNode c : report.get("recommendationComparisons")) {
            if (c.get("first").asText().endsWith("/afl/random")
                    && c.get("second").asText().endsWith("/afl-no-reward-model/random")) {
                assertThat(c.at("/test/note").asText()).contains("the independent user never reads the reward model");
            }
        }
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("**A simulated user, no LLM.**");
    }
}
