package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.TestData;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A card and an ONNX file that do not belong together, or do not fit the catalog, are refused. */
class ModelArtifactTest {

    private static final ItemCatalog LASTFM =
            new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM).catalog();

    private static Path copyBundled(Path dir) throws IOException {
        for (String file : new String[] {"sasrec.onnx", "sasrec.card.json"}) {
            Files.copy(Path.of("models", "lastfm", file), dir.resolve(file));
        }
        return dir.resolve("sasrec.card.json");
    }

    @Test
    void aChangedOnnxFileIsRefused(@TempDir Path dir) throws IOException {
        Path card = copyBundled(dir);
        byte[] onnx = Files.readAllBytes(dir.resolve("sasrec.onnx"));
        onnx[onnx.length - 1] ^= 1;
        Files.write(dir.resolve("sasrec.onnx"), onnx);
        assertThatThrownBy(() -> OnnxSequenceModel.load(ModelArtifact.fromFiles(card), LASTFM, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("do not belong together");
    }

    @Test
    void aCardWhoseItemCountDisagreesWithTheGraphIsRefused(@TempDir Path dir) throws IOException {
        Path card = copyBundled(dir);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = (ObjectNode) mapper.readTree(card.toFile());
        node.put("itemCount", 4605);
        node.withArray("itemIds").remove(4605);
        mapper.writeValue(card.toFile(), node);
        assertThatThrownBy(() -> OnnxSequenceModel.load(ModelArtifact.fromFiles(card), LASTFM, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("exported for 4606 items");
        node.put("itemCount", 4606);
        mapper.writeValue(card.toFile(), node);
        assertThatThrownBy(() -> OnnxSequenceModel.load(ModelArtifact.fromFiles(card), LASTFM, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("maps 4605 items");
    }

    @Test
    void missingAndMalformedCardsSaySo(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ModelArtifact.fromFiles(dir.resolve("none.card.json")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("No model card");
        Files.writeString(dir.resolve("bad.card.json"), "{\"name\": ");
        assertThatThrownBy(() -> ModelArtifact.fromFiles(dir.resolve("bad.card.json")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not valid card JSON");
        Path card = copyBundled(dir);
        Files.delete(dir.resolve("sasrec.onnx"));
        assertThatThrownBy(() -> ModelArtifact.fromFiles(card)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("keep the card and the ONNX file together");
    }
}
