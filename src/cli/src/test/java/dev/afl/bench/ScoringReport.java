package dev.afl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises the scoring runs (JSON Lines from {@link ScoringBenchmark} and models/training/bench_scoring.py):
 * per runtime, version, path and batch the median over the repeated runs of each figure, then the ratios the
 * performance issue asks for, PyTorch eager over ONNX Runtime and ONNX Runtime 1.26 over the latest, as markdown.
 *
 * <p>Usage: {@code ScoringReport RESULTS}.
 */
public final class ScoringReport {

    private record Key(String model, String runtime, String version, String path, int batch) {

        String name() {
            return (runtime.equals("pytorch-eager") ? "PyTorch " + version + " eager" : "ONNX Runtime " + version)
                    + (path.equals("ids") ? " (stable ids)" : "");
        }

        boolean comparable(Key other) {
            return model.equals(other.model) && batch == other.batch;
        }
    }

    /** Medians over the runs; rows/s at the median call, which other load on the machine disturbs least. */
    private record Figures(double p50, double p90, double p99, double rowsPerSecond, double rowsPerSecondAtP50,
            int runs) {
    }

    private ScoringReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<Key, List<JsonNode>> runs = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                JsonNode run = json.readTree(line);
                Key key = new Key(run.get("model").asText(), run.get("runtime").asText(), run.get("version").asText(),
                        run.get("path").asText(), run.get("batch").asInt());
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
            }
        }
        Map<Key, Figures> medians = new LinkedHashMap<>();
        runs.forEach((key, list) -> medians.put(key, new Figures(median(list, "p50Micros"), median(list, "p90Micros"),
                median(list, "p99Micros"), median(list, "rowsPerSecond"), median(list, "rowsPerSecondAtP50"),
                list.size())));
        System.out.println("| model | runtime | batch | p50 (us) | p90 (us) | p99 (us) | rows/s at p50 | rows/s (mean)"
                + " | runs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        medians.entrySet().stream().sorted(Comparator.comparing((Map.Entry<Key, Figures> e) -> e.getKey().model())
                .thenComparing(e -> e.getKey().batch()).thenComparing(e -> e.getKey().name()))
                .forEach(e -> System.out.printf(Locale.ROOT,
                        "| %s | %s | %d | %.1f | %.1f | %.1f | %,.0f | %,.0f | %d |%n", e.getKey().model(),
                        e.getKey().name(), e.getKey().batch(), e.getValue().p50(), e.getValue().p90(),
                        e.getValue().p99(), e.getValue().rowsPerSecondAtP50(), e.getValue().rowsPerSecond(),
                        e.getValue().runs()));
        System.out.println();
        for (Key ort : medians.keySet()) {
            if (!ort.runtime().equals("onnxruntime-java") || !ort.path().equals("indices")) {
                continue;
            }
            medians.keySet().stream().filter(k -> k.runtime().equals("pytorch-eager") && k.comparable(ort))
                    .forEach(torch -> System.out.printf(Locale.ROOT,
                            "%s B=%d: PyTorch eager p50 / ONNX Runtime %s p50 = %.1fx%n", ort.model(), ort.batch(),
                            ort.version(), medians.get(torch).p50() / medians.get(ort).p50()));
        }
        List<Key> onnx = medians.keySet().stream().filter(k -> k.runtime().equals("onnxruntime-java")).toList();
        for (Key a : onnx) {
            for (Key b : onnx) {
                if (a.comparable(b) && a.path().equals(b.path()) && a.version().compareTo(b.version()) < 0) {
                    System.out.printf(Locale.ROOT, "%s B=%d %s: ONNX Runtime %s p50 / %s p50 = %.2f%n", a.model(),
                            a.batch(), a.path(), b.version(), a.version(), medians.get(b).p50() / medians.get(a).p50());
                }
            }
        }
    }

    private static double median(List<JsonNode> runs, String field) {
        double[] values = runs.stream().mapToDouble(run -> run.get(field).asDouble()).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
