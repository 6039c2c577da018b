package dev.afl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.model.ModelCard;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed scoring inputs that the Java and the PyTorch benchmarks both time: seeded rows of model indices (full
 * histories, candidates outside the history) and the scores ONNX Runtime gave them when they were drawn, so the
 * other side can check it computes the same function on the same inputs before it is timed.
 *
 * @param model     the model card's name
 * @param sha256    the ONNX file the reference scores come from
 * @param history   int64[rows][maxHistory], oldest first, no padding
 * @param candidates int64[rows][C], distinct, none in the row's history
 * @param scores    float[rows][C] from ONNX Runtime
 */
public record ScoringInputs(String model, String sha256, long seed, long[][] history, long[][] candidates,
        float[][] scores) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Draws {@code rows} rows for the model and scores them with it. */
    public static ScoringInputs draw(OnnxSequenceModel model, int rows, int candidateCount, long seed) {
        ModelCard card = model.card();
        SplittableRandom random = new SplittableRandom(seed);
        long[][] history = new long[rows][];
        long[][] candidates = new long[rows][];
        for (int r = 0; r < rows; r++) {
            Set<Long> used = new HashSet<>();
            history[r] = distinct(random, card.itemCount(), card.maxHistory(), used);
            candidates[r] = distinct(random, card.itemCount(), candidateCount, used);
        }
        return new ScoringInputs(card.name(), card.sha256(), seed, history, candidates,
                model.scoreIndices(history, candidates));
    }

    private static long[] distinct(SplittableRandom random, int itemCount, int size, Set<Long> used) {
        long[] drawn = new long[size];
        for (int i = 0; i < size; ) {
            long item = random.nextInt(itemCount);
            if (used.add(item)) {
                drawn[i++] = item;
            }
        }
        return drawn;
    }

    public static ScoringInputs read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No scoring inputs at " + file.toAbsolutePath() + ": draw them first with"
                    + " 'ScoringBenchmark inputs' (src/test/bench/scoring.sh does).");
        }
        try {
            return JSON.readValue(file.toFile(), ScoringInputs.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scoring inputs " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scoring inputs " + file + ": " + e.getMessage(), e);
        }
    }

    public int rows() {
        return history.length;
    }

    /** The largest |difference| between these reference scores and {@code actual}, relative to 1 + |reference|. */
    public double worstDeviation(float[][] actual) {
        double worst = 0;
        for (int r = 0; r < scores.length; r++) {
            for (int c = 0; c < scores[r].length; c++) {
                worst = Math.max(worst, Math.abs(actual[r][c] - scores[r][c]) / (1 + Math.abs(scores[r][c])));
            }
        }
        return worst;
    }
}
