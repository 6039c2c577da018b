package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.data.Checksums;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A published checkpoint imported under a model name becomes selectable by that name from a models folder. */
@QuarkusMainTest
class ImportCheckpointCommandTest {

    private final String dataDir = TestData.dataDir().toString();

    @Test
    void anImportedCheckpointIsSelectableByNameFromItsModelsFolder(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path models = dir.resolve("models");
        Path checkpoint = TestData.referenceModels().resolve("llara-sasrec-lastfm.pt");
        LaunchResult imported = launcher.launch("import-checkpoint", "--data-dir", dataDir, "--dataset", "lastfm",
                "--checkpoint", checkpoint.toString(), "--name", "llara", "--models-dir", models.toString());
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        Path onnx = models.resolve("lastfm/llara.onnx");
        JsonNode card = new ObjectMapper().readTree(models.resolve("lastfm/llara.card.json").toFile());
        assertThat(card.get("onnxFile").asText()).isEqualTo("llara.onnx");
        assertThat(card.get("sha256").asText()).isEqualTo(Checksums.sha256(onnx));

        System.setProperty("afl-models", models.toString());
        try {
            LaunchResult refined = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                    "--rec-model", "llara", "--reward-model", "llara", "--store", dir.resolve("sessions").toString(),
                    "--json");
            assertThat(refined.exitCode()).as(refined.getErrorOutput()).isZero();
            assertThat(refined.getOutput()).contains("\"recommendationModel\"", "lastfm/llara");
        } finally {
            System.clearProperty("afl-models");
        }
    }

    @Test
    void badArgumentsSayWhatToDo(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult name = launcher.launch("import-checkpoint", "--data-dir", dataDir, "--dataset", "lastfm",
                "--checkpoint", "x.pt", "--name", "Bad Name", "--models-dir", dir.toString());
        assertThat(name.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(name.getErrorOutput()).contains("--name must be");
        LaunchResult bundled = launcher.launch("import-checkpoint", "--data-dir", dataDir, "--dataset", "lastfm",
                "--checkpoint", "x.pt", "--models-dir", "models");
        assertThat(bundled.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(bundled.getErrorOutput()).contains("is the bundled models folder");
        LaunchResult missing = launcher.launch("import-checkpoint", "--data-dir", dataDir, "--dataset", "lastfm",
                "--checkpoint", dir.resolve("none.pt").toString(), "--models-dir", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(missing.getErrorOutput()).contains("No checkpoint at");
        assertThat(Files.exists(dir.resolve("lastfm"))).isFalse();
    }
}
