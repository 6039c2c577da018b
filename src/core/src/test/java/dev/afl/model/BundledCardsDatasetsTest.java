package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package's datasets: the folders with a card, whichever model it is (the reward function carries one). */
class BundledCardsDatasetsTest {

    @Test
    void aDatasetIsBundledWhenItsFolderHasACard(@TempDir Path models) throws IOException {
        Files.createDirectories(models.resolve("movielens"));
        Files.writeString(models.resolve("movielens/sasrec.card.json"), "{}");
        Files.createDirectories(models.resolve("lastfm"));
        Files.writeString(models.resolve("lastfm/sasrec.card.json"), "{}");
        Files.createDirectories(models.resolve("steam")); // no card: not bundled
        Files.writeString(models.resolve("steam/notes.txt"), "");
        Files.writeString(models.resolve("README.md"), "");

        assertThat(new BundledCards(models).datasets()).containsExactly("lastfm", "movielens");
        assertThat(new BundledCards(models.resolve("absent")).datasets()).isEmpty();
    }
}
