package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The PyTorch scores models/training dumps beside each model, and the check that Java reproduces them. */
final class ParityDump {

    static final double TOLERANCE = 1e-4;

    private ParityDump() {
    }

    static JsonNode read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** The dump beside a bundled model in the repository's models/ folder. */
    static JsonNode readBundled(String dataset, String name) throws IOException {
        Path file = Path.of("models", dataset, name + ".parity.json");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("No parity dump " + file.toAbsolutePath() + ": models/training writes one beside"
                    + " every model it exports.");
        }
        return read(file);
    }

    /** Asserts every score within 1e-4 absolute + 1e-4 relative of PyTorch's; returns the rows checked. */
    static int assertMatches(OnnxSequenceModel model, JsonNode dump) {
        JsonNode rows = dump.get("rows");
        assertThat(rows.size()).as("parity rows").isGreaterThanOrEqualTo(8);
        for (JsonNode row : rows) {
            long[][] history = {longs(row.get("history"))};
            long[][] candidates = {longs(row.get("candidates"))};
            float[] scores = model.scoreIndices(history, candidates)[0];
            JsonNode expected = row.get("scores");
            assertThat(scores).hasSize(expected.size());
            for (int i = 0; i < scores.length; i++) {
                double reference = expected.get(i).asDouble();
                assertThat(Double.isNaN(scores[i])).as("NaN score").isFalse();
                assertThat(Math.abs(scores[i] - reference)).as("%s score %d of history %s", model.name(), i,
                        row.get("history")).isLessThanOrEqualTo(TOLERANCE + TOLERANCE * Math.abs(reference));
            }
        }
        return rows.size();
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }
}
