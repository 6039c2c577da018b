package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, and the errors a user can make with it. */
@QuarkusMainTest
class EvaluateBaseCommandTest {

    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @Test
    void printsTheTableAndWritesTheResults(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path output = dir.resolve("base-models.json");
        LaunchResult result = launcher.launch("evaluate-base", "--data-dir", dataDir, "--datasets", "movielens",
                "--seeds", "3", "--output", output.toString(), "--reference-models",
                TestData.referenceModels().toString());
        assertThat(result.exitCode()).as(result.getOutput() + result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("HR@1", "95% CI", "movielens", "sasrec", "gru4rec", "caser", "morec",
                "llara-sasrec");
        JsonNode document = new ObjectMapper().readTree(output.toFile());
        assertThat(document.at("/protocol/candidates").asInt()).isEqualTo(20);
        JsonNode results = document.get("results");
        assertThat(results).hasSize(5);
        for (JsonNode entry : results) {
            assertThat(entry.get("dataset").asText()).isEqualTo("movielens");
            assertThat(entry.get("n").asInt()).isEqualTo(95);
            assertThat(entry.get("seeds")).hasSize(3);
            double mean = entry.at("/hitRatioAt1/mean").asDouble();
            assertThat(entry.at("/hitRatioAt1/ciLow").asDouble()).isLessThanOrEqualTo(mean);
            assertThat(entry.at("/hitRatioAt1/ciHigh").asDouble()).isGreaterThanOrEqualTo(mean);
            assertThat(mean).isBetween(0.05, 1.0);
        }
    }

    @Test
    void aMissingDataPathNamesTheFlagAndVariable(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("evaluate-base", "--data-dir", "/no/such/data");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.DATA_OR_MODEL_MISSING);
        assertThat(result.getErrorOutput()).contains("/no/such/data", "--data-dir", "AFL_DATA_DIR")
                .doesNotContain("Exception");
    }

    @Test
    void badOptionsAreUserErrors(QuarkusMainLauncher launcher) {
        LaunchResult unknown = launcher.launch("evaluate-base", "--data-dir", dataDir, "--datasets", "netflix");
        assertThat(unknown.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(unknown.getErrorOutput()).contains("Unknown dataset 'netflix'", "lastfm, movielens, steam");

        LaunchResult seeds = launcher.launch("evaluate-base", "--data-dir", dataDir, "--seeds", "0");
        assertThat(seeds.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(seeds.getErrorOutput()).contains("--seeds must be at least 1");

        LaunchResult split = launcher.launch("evaluate-base", "--data-dir", dataDir, "--split", "train");
        assertThat(split.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(split.getErrorOutput()).contains("--split must be valid or test");
    }

    @Test
    void exportsMovieLensTrainingDataWithItsRebuiltTrainSplit(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult result = launcher.launch("export-training-data", "--data-dir", dataDir, "--dataset", "movielens",
                "--out", dir.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("MovieLens train rebuilt from u.data", "0 valid/test rows matched no user");
        assertThat(dir.resolve("train.jsonl")).exists();
        assertThat(dir.resolve("items.jsonl")).content().startsWith("{\"id\":0,\"title\":\"Toy Story (1995)\",\"itemId\":\"1\"}");
    }
}
