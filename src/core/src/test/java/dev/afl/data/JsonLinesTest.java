package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one JSON Lines implementation: what is written reads back, appends survive a torn line and many threads. */
class JsonLinesTest {

    record Row(int n, String text) {
    }

    @Test
    void writtenValuesReadBackInOrder(@TempDir Path dir) {
        Path file = dir.resolve("sub/rows.jsonl");
        JsonLines.write(file, List.of(new Row(1, "a"), new Row(2, "b \"quoted\"\nnewline")));

        List<String> texts = JsonLines.read(file, (node, line) -> line + ":" + node.get("text").asText());

        assertThat(texts).containsExactly("1:a", "2:b \"quoted\"\nnewline");
    }

    @Test
    void anAppendAfterATornLineStartsOnALineOfItsOwn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "{\"n\":1}\n{\"n\":2,\"tor", StandardCharsets.UTF_8);

        JsonLines.append(file, Map.of("n", 3));

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly("{\"n\":1}", "{\"n\":2,\"tor", "{\"n\":3}");
        assertThatThrownBy(() -> JsonLines.read(file, (node, line) -> node))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("2");
    }

    @Test
    void valuesAppendedFromManyThreadsAreWholeLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("many.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (JsonLines.Appender appender = JsonLines.appender(file)) {
            IntStream.range(0, 400).forEach(i -> pool.submit(() -> appender.append(new Row(i, "x".repeat(i)))));
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        List<Integer> read = JsonLines.read(file, (node, line) -> {
            assertThat(node.get("text").asText()).hasSize(node.get("n").asInt());
            return node.get("n").asInt();
        });
        assertThat(read).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 400).boxed().toList());
    }
}
