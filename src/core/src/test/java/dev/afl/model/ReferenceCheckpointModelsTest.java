package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.TestData;
import dev.afl.data.DataLocation;
import dev.afl.data.MissingDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steam's model made at first use from the published checkpoint: offered by name without importing, and when the
 * checkpoint or a Python that can import it is missing, an error that says which and how to fix it. (The import
 * itself, run for real, is SteamRefineTest's in the CLI.)
 */
class ReferenceCheckpointModelsTest {

    @TempDir
    Path dir;

    private final List<String> announced = new ArrayList<>();

    private ReferenceCheckpointModels models(Optional<Path> folder, Path python, boolean offeredWhenMissing) {
        DataLocation location = new DataLocation(TestData.dataDir(), dir.resolve("cache"));
        return new ReferenceCheckpointModels(location, folder, new CheckpointImporter(python,
                Path.of("models/training"), location.cacheDir()), announced::add, offeredWhenMissing);
    }

    @Test
    void steamIsOfferedItsModelWhoseMissingCheckpointIsNamedWithTheFix() throws IOException {
        Path emptyFolder = Files.createDirectories(dir.resolve("reference-models"));
        BundledCards cards = new BundledCards(dir.resolve("models"),
                models(Optional.of(emptyFolder), TestData.python(), true));

        assertThat(cards.names("steam")).containsExactly("sasrec");
        assertThat(cards.names("lastfm")).isEmpty();
        assertThat(ModelChoices.choices("steam", cards)).containsExactly("sasrec", "llm", "remote");
        // The configured default (gru4rec) does not exist for Steam: its one model runs instead; asked for, refused.
        assertThat(ModelChoices.defaultFor("gru4rec", "steam", cards)).isEqualTo("sasrec");
        assertThat(ModelChoices.defaultFor("llm", "steam", cards)).isEqualTo("llm");
        assertThatThrownBy(() -> ModelChoices.requireBundled("gru4rec", "steam", cards))
                .hasMessageContaining("choose one of sasrec, llm, remote");
        assertThatThrownBy(() -> cards.cardFile("steam", "sasrec"))
                .isInstanceOf(MissingDataException.class)
                .hasMessageContaining("llara-sasrec-steam.pt")
                .hasMessageContaining(emptyFolder.toAbsolutePath().toString())
                .hasMessageContaining("set AFL_REFERENCE_MODELS to the folder that holds it");
        assertThat(announced).isEmpty();
    }

    @Test
    void aServerWithoutTheCheckpointDoesNotOfferSteam() {
        BundledCards cards = new BundledCards(dir.resolve("models"), models(Optional.empty(), TestData.python(), false));

        assertThat(cards.names("steam")).isEmpty();
        assertThat(ModelChoices.choices("steam", cards)).containsExactly("llm", "remote");
        assertThat(ModelChoices.defaultFor("gru4rec", "steam", cards)).isEqualTo("gru4rec");
    }

    @Test
    void withoutAPythonTheImportIsAnnouncedThenRefusedNamingTheFix() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("reference-models"));
        Files.writeString(folder.resolve("llara-sasrec-steam.pt"), "not read: the Python is missing");
        BundledCards cards = new BundledCards(dir.resolve("models"),
                models(Optional.of(folder), dir.resolve("no-such-python"), false));

        assertThatThrownBy(() -> cards.cardFile("steam", "sasrec"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Cannot import steam's model at first use")
                .hasMessageContaining("python3-torch")
                .hasMessageContaining(CheckpointImporter.PYTHON_VARIABLE);
        assertThat(announced).singleElement().asString()
                .startsWith("Importing llara-sasrec-steam.pt at first use into " + dir.resolve("cache"))
                .endsWith("later runs reuse it.");
    }

    @Test
    void aModelsFolderWithSteamCardsWinsOverTheFirstUseImport() throws IOException {
        Files.createDirectories(dir.resolve("models/steam"));
        Path card = Files.writeString(dir.resolve("models/steam/sasrec.card.json"), "{}");
        FirstUseModels never = new FirstUseModels() {
            @Override
            public List<String> names(String dataset) {
                return List.of("other");
            }

            @Override
            public Path cardFile(String dataset, String name) {
                throw new AssertionError("imported although the folder has the card");
            }
        };
        BundledCards cards = new BundledCards(dir.resolve("models"), never);

        assertThat(cards.names("steam")).containsExactly("sasrec");
        assertThat(cards.cardFile("steam", "sasrec")).isEqualTo(card);
        assertThat(cards.datasets()).containsExactly("steam");
    }
}
