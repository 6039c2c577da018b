package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceSplitImporterTest {

    private final ReferenceSplitImporter importer = new ReferenceSplitImporter(TestData.location());

    @Test
    void lastFmHasThePublishedSizesAndHetRecArtistIds() {
        Dataset lastfm = importer.load(KnownDataset.LASTFM);
        assertThat(lastfm.catalog().size()).isEqualTo(4606);
        assertThat(lastfm.rows(Split.TRAIN)).hasSize(50800);
        assertThat(lastfm.rows(Split.VALID)).hasSize(122);
        assertThat(lastfm.rows(Split.TEST)).hasSize(122);
        // processed id 0 is Morcheeba, HetRec artist 52; the one name that differs is matched after normalising.
        assertThat(lastfm.catalog().get(0)).isEqualTo(new dev.afl.catalog.Item("52", "Morcheeba"));
        assertThat(lastfm.catalog().get(1372).title()).isEqualTo("Weird Al Yankovic");
        assertThat(lastfm.catalog().get(1372).id()).isNotBlank();
        assertThat(lastfm.rows(Split.TEST).stream().filter(r -> r.history().size() >= 3)).hasSize(122);
    }

    @Test
    void movieLensIdsAreTheMl100kMovieIds() {
        Dataset movielens = importer.load(KnownDataset.MOVIELENS);
        assertThat(movielens.catalog().size()).isEqualTo(1682);
        assertThat(movielens.catalog().get(0).id()).isEqualTo("1");
        assertThat(movielens.catalog().get(0).title()).isEqualTo("Toy Story (1995)");
        assertThat(movielens.has(Split.TRAIN)).isFalse();
        assertThat(movielens.rows(Split.TEST)).hasSize(95);
        assertThatThrownBy(() -> movielens.rows(Split.TRAIN)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("export-training-data --dataset movielens");
    }

    @Test
    void steamKeepsItsProcessedIdsAndTheProtocolFilterLeaves1186TestRows() {
        Dataset steam = importer.load(KnownDataset.STEAM);
        assertThat(steam.catalog().size()).isEqualTo(3581);
        assertThat(steam.rows(Split.TEST).stream().filter(r -> r.history().size() >= 3)).hasSize(1186);
    }

    @Test
    void aMissingDataPathNamesTheVariableAndTheFlag() {
        DataLocation location = DataLocation.resolve(Optional.empty(), Map.of());
        assertThatThrownBy(() -> new ReferenceSplitImporter(location)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("AFL_DATA_DIR").hasMessageContaining("--data-dir");
        assertThatThrownBy(() -> DataLocation.resolve(Optional.of(Path.of("/no/such/folder")), Map.of()))
                .isInstanceOf(MissingDataException.class).hasMessageContaining("/no/such/folder")
                .hasMessageContaining("is not a folder");
    }

    @Test
    void malformedAndOutOfCatalogLinesNameTheFileAndLine(@TempDir Path dir) throws IOException {
        Path steam = Files.createDirectories(dir.resolve("reference-splits/steam"));
        Files.writeString(steam.resolve("items.jsonl"), "{\"id\": 0, \"title\": \"A\"}\n{\"id\": 1, \"title\": \"B\"}\n");
        Files.writeString(steam.resolve("test.jsonl"), "{\"row\": 0, \"history\": [0], \"next\": 1}\n{\"row\": 1,\n");
        ReferenceSplitImporter local = new ReferenceSplitImporter(new DataLocation(dir, dir.resolve("cache")));
        assertThatThrownBy(() -> local.load(KnownDataset.STEAM)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.jsonl:2").hasMessageContaining("not valid JSON");

        Files.writeString(steam.resolve("test.jsonl"), "{\"row\": 0, \"history\": [0, 7], \"next\": 1}\n");
        assertThatThrownBy(() -> local.load(KnownDataset.STEAM)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.jsonl:1").hasMessageContaining("item id 7 is outside the catalog");

        Files.writeString(steam.resolve("test.jsonl"), "{\"row\": 0, \"history\": \"x\", \"next\": 1}\n");
        assertThatThrownBy(() -> local.load(KnownDataset.STEAM)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.jsonl:1").hasMessageContaining("'history' must be an array");

        Files.delete(steam.resolve("items.jsonl"));
        assertThatThrownBy(() -> local.load(KnownDataset.STEAM)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("items.jsonl");
        assertThatThrownBy(() -> local.load(KnownDataset.MOVIELENS)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("reference-splits").hasMessageContaining("convert_splits.py");
    }

    @Test
    void unknownDatasetNamesTheKnownOnes() {
        assertThatThrownBy(() -> KnownDataset.byId("netflix")).hasMessageContaining("lastfm, movielens, steam");
    }
}
