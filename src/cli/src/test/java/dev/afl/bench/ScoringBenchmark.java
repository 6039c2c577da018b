package dev.afl.bench;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.model.ModelArtifact;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scoring latency of a bundled model through {@link OnnxSequenceModel}, one thread (intra-op threads 1), on the
 * fixed inputs of {@link ScoringInputs}: batch 1 (one user, as the loop scores) and batch 256, C = 20, full
 * histories. Each configuration is warmed up, then every call is timed; the percentiles and the throughput go to
 * a JSON Lines file that {@link ScoringReport} compares with the PyTorch run (models/training/bench_scoring.py).
 * Driven by src/test/bench/scoring.sh, which pins the process to one core.
 *
 * <pre>
 * ScoringBenchmark inputs CARD INPUTS            draw the inputs and their reference scores
 * ScoringBenchmark run CARD INPUTS RESULTS LABEL time them; append one line per configuration to RESULTS
 * ScoringBenchmark version                       start ONNX Runtime and print its version
 * </pre>
 */
public final class ScoringBenchmark {

    static final int ROWS = 256;
    static final int CANDIDATES = 20;
    static final long SEED = 20_250_713L;
    /** ONNX Runtime must reproduce the reference scores this closely before it is timed. */
    static final double TOLERANCE = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OnnxSequenceModel model;
    private final ScoringInputs inputs;
    private final List<List<String>> historyIds;
    private final List<List<String>> candidateIds;
    private double sink;

    private ScoringBenchmark(OnnxSequenceModel model, ScoringInputs inputs) {
        this.model = model;
        this.inputs = inputs;
        this.historyIds = Arrays.stream(inputs.history()).map(this::ids).toList();
        this.candidateIds = Arrays.stream(inputs.candidates()).map(this::ids).toList();
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("version")) {
            System.out.println(version());
            return;
        }
        if (args.length < 3 || !List.of("inputs", "run").contains(args[0])) {
            System.err.println("usage: ScoringBenchmark inputs CARD INPUTS | run CARD INPUTS RESULTS LABEL | version");
            System.exit(2);
        }
        try (OnnxSequenceModel model = OnnxSequenceModel.load(ModelArtifact.fromFiles(Path.of(args[1])), null, 1)) {
            if (args[0].equals("inputs")) {
                ScoringInputs.draw(model, ROWS, CANDIDATES, SEED).write(Path.of(args[2]));
                return;
            }
            ScoringInputs inputs = ScoringInputs.read(Path.of(args[2]));
            if (!inputs.sha256().equals(model.card().sha256())) {
                throw new IllegalStateException("The scoring inputs were drawn for another model file (sha256 "
                        + inputs.sha256() + "); draw them again for " + args[1] + ".");
            }
            new ScoringBenchmark(model, inputs).runAll(Path.of(args[3]), args[4]);
        }
    }

    private void runAll(Path results, String label) throws IOException {
        double deviation = inputs.worstDeviation(model.scoreIndices(inputs.history(), inputs.candidates()));
        if (deviation > TOLERANCE) {
            throw new IllegalStateException("ONNX Runtime " + version() + " scores the inputs differently from the"
                    + " reference (worst relative deviation " + deviation + " > " + TOLERANCE + ").");
        }
        List<Measured> runs = List.of(
                measure("indices", 1, 3_000, 10_000, this::scoreOneRow),
                measure("ids", 1, 3_000, 10_000, this::scoreOneRowById),
                measure("indices", ROWS, 20, 200, i -> sink += model.scoreIndices(inputs.history(),
                        inputs.candidates())[i % ROWS][0]));
        for (Measured run : runs) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("runtime", "onnxruntime-java");
            line.put("label", label);
            line.put("version", version());
            line.put("model", inputs.model());
            line.put("path", run.path());
            line.put("batch", run.batch());
            line.put("candidates", CANDIDATES);
            line.put("history", model.card().maxHistory());
            line.put("threads", 1);
            line.put("calls", run.latencies().calls());
            line.put("p50Micros", round(run.latencies().p50Micros()));
            line.put("p90Micros", round(run.latencies().p90Micros()));
            line.put("p99Micros", round(run.latencies().p99Micros()));
            line.put("meanMicros", round(run.latencies().meanMicros()));
            line.put("rowsPerSecond", Math.round(run.batch() * run.latencies().callsPerSecond()));
            line.put("rowsPerSecondAtP50", Math.round(run.batch() * 1e6 / run.latencies().p50Micros()));
            line.put("maxDeviation", deviation);
            String json = JSON.writeValueAsString(line);
            Files.writeString(results, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            System.out.printf(Locale.ROOT, "ONNX Runtime %s %-7s B=%-3d p50 %8.1f us  p90 %8.1f us  p99 %8.1f us"
                    + "  %,10d rows/s%n", version(), run.path(), run.batch(), run.latencies().p50Micros(),
                    run.latencies().p90Micros(), run.latencies().p99Micros(),
                    Math.round(run.batch() * run.latencies().callsPerSecond()));
        }
        if (sink == 42.4242) {
            System.out.println(); // keeps the scores alive for the JIT
        }
    }

    private record Measured(String path, int batch, Latencies latencies) {
    }

    @FunctionalInterface
    private interface Call {
        void run(int iteration);
    }

    private static Measured measure(String path, int batch, int warmUp, int calls, Call call) {
        for (int i = 0; i < warmUp; i++) {
            call.run(i);
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run(i);
            nanos[i] = System.nanoTime() - start;
        }
        return new Measured(path, batch, Latencies.of(nanos));
    }

    /** Batch 1 on model indices: what the PyTorch side times. */
    private void scoreOneRow(int iteration) {
        int row = iteration % ROWS;
        sink += model.scoreIndices(new long[][] {inputs.history()[row]}, new long[][] {inputs.candidates()[row]})[0][0];
    }

    /** Batch 1 on stable item ids, as the loop calls it (id mapping included). */
    private void scoreOneRowById(int iteration) {
        int row = iteration % ROWS;
        sink += model.score(historyIds.get(row), candidateIds.get(row))[0];
    }

    private List<String> ids(long[] indices) {
        return Arrays.stream(indices).mapToObj(i -> model.card().itemIds().get((int) i)).toList();
    }

    private static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    private static double round(double micros) {
        return Math.round(micros * 100) / 100.0;
    }
}
