package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.Interaction;
import dev.afl.data.LeaveLastOutSplitter;
import dev.afl.data.RawDataset;
import dev.afl.data.TrainingDataExporter;
import dev.afl.model.embedding.TitleEncoder;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training pipeline end to end on tiny generated data: Java exports the splits, models/training/train.py
 * trains one epoch and exports ONNX, Java loads it and reproduces PyTorch's scores.
 */
class TrainingSmokeTest {

    private static final int ITEMS = 40;

    @ParameterizedTest
    @ValueSource(strings = {"sasrec", "gru4rec", "caser", "morec"})
    void oneEpochExportsAModelThatJavaLoadsAndMatches(String architecture, @TempDir Path dir) throws Exception {
        Dataset tiny = LeaveLastOutSplitter.split(syntheticDataset(), 10);
        Path data = dir.resolve("tiny");
        TrainingDataExporter.export(tiny, data);
        if (architecture.equals("morec")) {
            TrainingDataExporter.exportItemTextFeatures(tiny.catalog(), new TitleEncoder(), data);
        }
        Path out = dir.resolve("out");

        Process process = new ProcessBuilder(TestData.python().toString(), "models/training/train.py",
                "--model", architecture, "--data", data.toString(), "--out", out.toString(), "--smoke")
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("training finished in time").isTrue();
        String log = Files.readString(dir.resolve("train.log"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("train.py exit code; its output:%n%s", log).isZero();

        try (OnnxSequenceModel model = OnnxSequenceModel.load(
                ModelArtifact.fromFiles(out.resolve(architecture + ".card.json")), tiny.catalog(), 1)) {
            assertThat(model.card().itemCount()).isEqualTo(ITEMS);
            assertThat(model.card().itemIds().getFirst()).isEqualTo("item-0");
            ParityDump.assertMatches(model, ParityDump.read(out.resolve(architecture + ".parity.json")));
            float[] scores = model.score(List.of("item-1", "item-2", "item-3"), List.of("item-4", "item-9"));
            assertThat(scores).hasSize(2);
        }
        if (architecture.equals("morec")) {
            assertThat(log).contains("title features (40, 384)", "folded the title features into the ID tables");
            assertThat(Files.readString(out.resolve("morec.card.json"))).contains("\"itemText\"", "all-MiniLM-L6-v2",
                    "\"foldedMaxAbsScoreDifference\"");
        }
    }

    /**
     * ensembles.py scores a candidate from train.py's member cache as the exported model scores: the cached member
     * and the card built from it give the card's own valid figures on both protocols.
     */
    @Test
    void ensemblesScoresACachedMemberAsItsExportedModel(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("tiny");
        TrainingDataExporter.export(LeaveLastOutSplitter.split(syntheticDataset(), 10), data);
        Path out = dir.resolve("out");
        Path cache = dir.resolve("cache");
        String trainLog = run(dir, "train.log", "models/training/train.py", "--model", "gru4rec", "--data",
                data.toString(), "--out", out.toString(), "--member-cache", cache.toString(), "--smoke");
        Path member;
        try (var files = Files.list(cache)) {
            member = files.filter(f -> f.getFileName().toString().endsWith(".pt")).findFirst().orElseThrow(
                    () -> new AssertionError("no cached member in " + cache + "; train.py said:\n" + trainLog));
        }
        String card = Files.readString(out.resolve("gru4rec.card.json"));
        JsonNode valid = new ObjectMapper().readTree(card).path("metrics").path("reported");
        int paperHits = valid.path("paperLists").path("valid").path("hits").asInt(-1);
        int n = valid.path("paperLists").path("valid").path("n").asInt(-1);
        double seeds = valid.path("seeds").path("valid").path("hitRatioAt1").asDouble(-1);
        assertThat(n).as("valid rows on the paper lists").isPositive();

        String output = run(dir, "ensembles.log", "models/training/ensembles.py", "--data", data.toString(),
                "--candidate", "card=" + out.resolve("gru4rec.card.json"), "--candidate", "cached=" + member);
        List<String> lines = output.lines().filter(l -> l.startsWith("card ") || l.startsWith("cached ")).toList();
        assertThat(lines).as("one line per candidate; the output:%n%s", output).hasSize(2);
        for (String line : lines) {
            assertThat(line).contains(String.format(Locale.ROOT, "valid paper %3d/%d = ", paperHits, n));
            Matcher figure = Pattern.compile("seeds 0-9 ([0-9.]+) ").matcher(line);
            assertThat(figure.find()).as(line).isTrue();
            assertThat(Double.parseDouble(figure.group(1))).as(line).isCloseTo(seeds, within(1e-4));
        }
        assertThat(output).doesNotContain(" test ");
    }

    @Test
    void ensemblesRefusesACandidateWithoutMembers(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("tiny");
        TrainingDataExporter.export(LeaveLastOutSplitter.split(syntheticDataset(), 10), data);
        Process process = new ProcessBuilder(TestData.python().toString(), "models/training/ensembles.py",
                "--data", data.toString(), "--candidate", "nothing").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("--candidate 'nothing': expected NAME=MEMBER[,MEMBER...]")
                .doesNotContain("Traceback");
    }

    /** Runs a training script to completion (exit 0), its output in {@code dir/logName} -> the output. */
    private static String run(Path dir, String logName, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(TestData.python().toString()));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName).toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished in time", command[0]).isTrue();
        String output = Files.readString(dir.resolve(logName), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit code; its output:%n%s", command[0], output).isZero();
        return output;
    }

    @Test
    void morecWithoutTitleFeaturesSaysHowToExportThem(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("tiny");
        TrainingDataExporter.export(LeaveLastOutSplitter.split(syntheticDataset(), 10), data);
        Process process = new ProcessBuilder(TestData.python().toString(), "models/training/train.py",
                "--model", "morec", "--data", data.toString(), "--out", dir.resolve("out").toString(), "--smoke")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("item-text-features.npy: file not found", "export-training-data",
                "--item-text-features").doesNotContain("Traceback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "malformed"})
    void badTrainingDataIsAClearErrorNamingTheFile(String problem, @TempDir Path dir) throws Exception {
        Path data = dir.resolve("tiny");
        TrainingDataExporter.export(LeaveLastOutSplitter.split(syntheticDataset(), 10), data);
        if (problem.equals("missing")) {
            Files.delete(data.resolve("train.jsonl"));
        } else {
            Files.writeString(data.resolve("valid.jsonl"), "{\"row\": 0, \"history\": [1, 2\n");
        }
        Process process = new ProcessBuilder(TestData.python().toString(), "models/training/train.py",
                "--model", "sasrec", "--data", data.toString(), "--out", dir.resolve("out").toString(), "--smoke")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains(problem.equals("missing") ? "train.jsonl" : "valid.jsonl:1")
                .doesNotContain("Traceback");
    }

    /** Users who walk the item ring with a personal stride: learnable, and different for every user. */
    private static RawDataset syntheticDataset() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(new Item("item-" + i, "Item " + i));
        }
        SplittableRandom random = new SplittableRandom(7);
        List<Interaction> interactions = new ArrayList<>();
        for (int user = 0; user < 60; user++) {
            int item = random.nextInt(ITEMS);
            int stride = 1 + user % 3;
            for (int t = 0; t < 8 + random.nextInt(6); t++) {
                interactions.add(new Interaction("u" + user, "item-" + item, t));
                item = (item + stride) % ITEMS;
            }
        }
        return new RawDataset("tiny", ItemCatalog.of("tiny", items), interactions);
    }
}
