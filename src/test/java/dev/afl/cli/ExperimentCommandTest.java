package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment command with offline agents: every family's figures, the report folder, resuming, bad input. */
@QuarkusMainTest
class ExperimentCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String dataDir = TestData.dataDir().toString();

    @Test
    void theRecommendationFamilyWritesItsReportAndARerunComputesNothing(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws IOException {
        String[] args = {"experiment", "all", "--data-dir", dataDir, "--dataset", "lastfm", "--rows", "20",
            "--seeds", "2", "--rec-models", "sasrec,gru4rec", "--output", dir.resolve("report").toString(),
            "--work-dir", dir.resolve("cases").toString()};
        LaunchResult first = launcher.launch(args);
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(first.getErrorOutput()).contains("40/40 cases", "/s, ETA");
        JsonNode report = JSON.readTree(dir.resolve("report/results.json").toFile());
        List<String> ids = new ArrayList<>();
        report.get("recommendation").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).contains("lastfm/sasrec/base/random", "lastfm/gru4rec/afl/random",
                "lastfm/gru4rec/top5-by-sasrec/random", "lastfm/gru4rec/top5-by-user/random",
                "lastfm/gru4rec/afl-no-rec-model/random", "lastfm/gru4rec/afl-no-reward-model/random",
                "lastfm/gru4rec/afl-no-models/random", "lastfm/gru4rec/afl/first", "lastfm/gru4rec/base/last");
        for (JsonNode c : report.get("recommendation")) {
            assertThat(c.get("cases").asInt()).isEqualTo(40);
            assertThat(c.get("rows").asInt()).isEqualTo(20);
            double mean = c.at("/hitRatio/mean").asDouble();
            assertThat(c.at("/hitRatio/ciLow").asDouble()).isLessThanOrEqualTo(mean);
            assertThat(c.at("/hitRatio/ciHigh").asDouble()).isGreaterThanOrEqualTo(mean);
            assertThat(c.get("hitRatioByRound").size()).isEqualTo(c.get("method").asText().startsWith("afl") ? 4 : 1);
            double shares = 0;
            for (JsonNode share : c.at("/popularityByRound/0")) {
                shares += share.asDouble();
            }
            assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        }
        JsonNode afl = find(report.get("recommendation"), "lastfm/gru4rec/afl/random");
        assertThat(afl.get("audit")).isNotEmpty();
        assertThat(afl.at("/audit/0/judgements").asInt()).isEqualTo(40);
        // Offline agents make no LLM calls: the ledger says so.
        assertThat(afl.at("/ledger/llmCalls").asLong()).isZero();
        assertThat(report.get("recommendationComparisons")).isNotEmpty();
        assertThat(report.get("userSimulation")).hasSize(9);
        assertThat(report.at("/userSimulation/0/users").asInt()).isEqualTo(20);
        assertThat(report.at("/protocol/userSimulationThresholds/1:1/validationJudgements").asInt()).isPositive();
        assertThat(report.at("/manifest/modelSha256/lastfm~1gru4rec").asText()).hasSize(64);
        // Every resource the default prompt set renders from: its 10 templates, the re-ask and the 4 domains' words.
        assertThat(report.at("/manifest/promptSet").asText()).isEqualTo("paper");
        assertThat(report.at("/manifest/promptTemplateSha256").size()).isEqualTo(15);
        for (String resource : new String[] {"paper/recommender-system.txt", "paper/user-system.txt",
            "domains/music.properties", "correction.txt"}) {
            assertThat(report.at("/manifest/promptTemplateSha256").path(resource).asText()).as(resource).hasSize(64);
        }
        assertThat(report.at("/protocol/promptSet").asText()).startsWith("paper (not read: offline agents");
        assertThat(report.at("/manifest/seeds")).hasSize(2);
        for (String chart : new String[] {"rounds-curve.png", "popularity.png", "position.png"}) {
            assertThat(ImageIO.read(dir.resolve("report").resolve(chart).toFile())).as(chart).isNotNull();
        }
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("rounds-curve.png",
                "User simulation", "McNemar");
        long caseLines = caseLines(dir.resolve("cases"));

        // A rerun finds every case done: it computes none and reports the same figures.
        LaunchResult second = launcher.launch(args);
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        assertThat(second.getErrorOutput()).doesNotContain("cases,");
        JsonNode again = JSON.readTree(dir.resolve("report/results.json").toFile());
        assertThat(again.get("recommendation")).isEqualTo(report.get("recommendation"));
        assertThat(again.get("userSimulation")).isEqualTo(report.get("userSimulation"));
        assertThat(caseLines(dir.resolve("cases"))).isEqualTo(caseLines);
    }

    @Test
    void badInputIsAUserErrorThatSaysWhatToDo(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult family = launcher.launch("experiment", "tables", "--data-dir", dataDir);
        assertThat(family.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(family.getErrorOutput()).contains("Unknown experiment family 'tables'", "user-simulation");
        LaunchResult rows = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--rows", "0");
        assertThat(rows.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(rows.getErrorOutput()).contains("--rows must be at least 1");
        LaunchResult price = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--price-input", "-1",
                "--output", dir.toString());
        assertThat(price.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(price.getErrorOutput()).contains("token prices cannot be negative");
        LaunchResult dataset = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--dataset", "netflix");
        assertThat(dataset.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(dataset.getErrorOutput()).contains("Unknown dataset 'netflix'");
        LaunchResult prompts = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--prompt-set", "table-1");
        assertThat(prompts.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(prompts.getErrorOutput()).contains("Unknown prompt set 'table-1': choose paper, reference-code,"
                + " extended");
    }

    @Test
    void thePromptSetOfARunIsInItsManifest(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        LaunchResult run = launcher.launch("experiment", "recommendation", "--data-dir", dataDir, "--dataset", "lastfm",
                "--rows", "2", "--seeds", "1", "--rec-models", "sasrec", "--variant-model", "sasrec", "--prompt-set",
                "extended", "--output", dir.resolve("report").toString(), "--work-dir", dir.resolve("cases").toString());
        assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
        JsonNode report = JSON.readTree(dir.resolve("report/results.json").toFile());
        assertThat(report.at("/manifest/promptSet").asText()).isEqualTo("extended");
        List<String> resources = new ArrayList<>();
        report.at("/manifest/promptTemplateSha256").fieldNames().forEachRemaining(resources::add);
        assertThat(resources).hasSize(15).contains("extended/recommender-system.txt", "extended/user-user.txt",
                "correction.txt", "domains/game.properties").noneMatch(name -> name.startsWith("paper/"));
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("- **Prompt set**: extended");
    }

    private static long caseLines(Path folder) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
        }
        return lines;
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id);
    }
}
