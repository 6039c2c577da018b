package dev.afl.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model card with its ONNX bytes, read from the classpath (bundled models) or from files.
 *
 * @param origin where it came from, for error messages
 */
public record ModelArtifact(ModelCard card, byte[] onnx, String origin) {

    private static final ObjectMapper MAPPER = AflJson.records()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** Reads {@code <card>.card.json} and the ONNX file its {@code onnxFile} names, from the same folder. */
    public static ModelArtifact fromFiles(Path cardFile) {
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelLoadException("No model card at " + cardFile.toAbsolutePath()
                    + ": pass the path of a *.card.json written by models/training.");
        }
        ModelCard card = readCard(cardFile);
        Path onnxFile = cardFile.resolveSibling(card.onnxFile());
        try {
            return new ModelArtifact(card, Files.readAllBytes(onnxFile), onnxFile.toString());
        } catch (IOException e) {
            throw new ModelLoadException("Model card " + cardFile + " names ONNX file " + card.onnxFile()
                    + ", which cannot be read (" + e.getMessage() + "): keep the card and the ONNX file together.");
        }
    }

    /** Reads and checks a card file alone. */
    public static ModelCard readCard(Path cardFile) {
        return parseCard(cardFile.toString(), () -> Files.newInputStream(cardFile));
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static ModelCard parseCard(String origin, Opener opener) {
        try (InputStream in = opener.open()) {
            ModelCard card = MAPPER.readValue(in, ModelCard.class);
            if (card.onnxFile() == null || card.itemIds() == null || card.sha256() == null) {
                throw new ModelLoadException("Model card " + origin + " lacks onnxFile, sha256 or itemIds.");
            }
            return card;
        } catch (IOException e) {
            throw new ModelLoadException("Model card " + origin + " is not valid card JSON: " + e.getMessage(), e);
        }
    }
}
