package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.data.DataLocation;
import dev.afl.model.CheckpointImporter;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steam end to end with the default models: its one model, the published LLaRA Steam SASRec, imported at the first
 * use (once per cache folder: later runs, and later tests, reuse the import) and used as the recommendation and the
 * reward model.
 */
@QuarkusMainTest
class SteamRefineTest {

    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @TempDir
    Path store;

    @Test
    void refinesASteamRowWithTheImportedModelAnnouncingTheImportAtFirstUse(QuarkusMainLauncher launcher)
            throws Exception {
        Path checkpoint = TestData.referenceModels().resolve("llara-sasrec-steam.pt");
        // The cache the command uses (AFL_CACHE_DIR, target/cache in the suite): imported already or not.
        Path card = new CheckpointImporter(TestData.python(), CheckpointImporter.defaultTrainingDir(),
                DataLocation.resolve(Optional.empty(), System.getenv()).cacheDir()).importedCard(checkpoint, "steam");
        boolean firstUse = !Files.isRegularFile(card);

        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "steam", "--row", "5",
                "--store", store.toString(), "--json");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode session = new ObjectMapper().readTree(result.getOutput()).get("session");
        assertThat(session.findValue("recommendationModel").asText()).isEqualTo("steam/llara-sasrec");
        assertThat(session.findValue("rewardModel").asText()).isEqualTo("steam/llara-sasrec");
        assertThat(session.findValue("rounds")).isNotEmpty();
        assertThat(card).isRegularFile();
        if (firstUse) {
            assertThat(result.getErrorOutput()).contains("Importing llara-sasrec-steam.pt at first use into "
                    + card.getParent().toAbsolutePath(), "later runs reuse it");
        }
        // A second run reuses the import, silently.
        LaunchResult again = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "steam", "--row", "6",
                "--store", store.toString());
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(again.getErrorOutput()).doesNotContain("Importing");
        assertThat(again.getOutput()).contains("Round 1", "Final:");
    }

    @Test
    void aModelSteamDoesNotHaveIsRefusedNamingThoseItHas(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "steam", "--row", "5",
                "--rec-model", "gru4rec", "--store", store.toString());
        assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(result.getErrorOutput()).contains("Unknown recommendation model 'gru4rec' for steam: choose one of"
                + " sasrec, llm, remote").doesNotContain("\tat ");
        LaunchResult reward = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "steam", "--row", "5",
                "--rec-model", "sasrec", "--reward-model", "caser", "--store", store.toString());
        assertThat(reward.exitCode()).isNotZero();
        assertThat(reward.getErrorOutput()).contains("steam/caser", "[sasrec]").doesNotContain("\tat ");
    }
}
