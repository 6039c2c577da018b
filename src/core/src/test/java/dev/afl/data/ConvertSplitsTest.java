package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The converter for holders of the LLaRA/AFL pandas pickles reproduces the JSON Lines reference splits exactly.
 */
class ConvertSplitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"afl/lastfm,lastfm", "llara/movielens,movielens", "llara/steam,steam"})
    void picklesConvertToTheReferenceSplits(String source, String dataset, @TempDir Path out) throws Exception {
        Process process = new ProcessBuilder(TestData.python().toString(), "models/training/convert_splits.py",
                "--src", TestData.dataDir().resolve(source).toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolveSibling(dataset + "-convert.log").toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(out.resolveSibling(dataset + "-convert.log"))).isZero();
        Path reference = TestData.dataDir().resolve("reference-splits").resolve(dataset);
        for (String file : List.of("items.jsonl", "valid.jsonl", "test.jsonl")) {
            assertThat(read(out.resolve(file))).as(file).isEqualTo(read(reference.resolve(file)));
        }
        if (dataset.equals("lastfm")) {
            assertThat(read(out.resolve("train.jsonl"))).isEqualTo(read(reference.resolve("train.jsonl")));
        }
    }

    private static List<JsonNode> read(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
                .map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError(file + ": " + e.getMessage());
                    }
                }).toList();
    }
}
