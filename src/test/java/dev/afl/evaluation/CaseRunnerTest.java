package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases run with bounded concurrency, are appended as they finish, and a rerun after a crash skips them. */
class CaseRunnerTest {

    record Outcome(int square) {
    }

    private static CaseRunner<Integer, Outcome> runner(Path file, int concurrency, ByteArrayOutputStream progress) {
        return new CaseRunner<>(file, concurrency, i -> "case-" + i, Outcome.class,
                new PrintStream(progress, true, StandardCharsets.UTF_8), Duration.ZERO);
    }

    @Test
    void aRunKilledMidwayResumesWithoutRedoingFinishedCases(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        List<Integer> cases = IntStream.range(0, 40).boxed().toList();
        AtomicInteger calls = new AtomicInteger();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        assertThatThrownBy(() -> runner(file, 1, progress).run(cases, i -> {
            if (i == 25) {
                throw new IllegalStateException("killed at case 25");
            }
            calls.incrementAndGet();
            return new Outcome(i * i);
        })).hasMessageContaining("killed at case 25");
        long kept = Files.readAllLines(file).size();
        assertThat(kept).isEqualTo(25); // one at a time: the cases before the failure, none after it
        // A torn last line (a kill in the middle of a write) is ignored and that case runs again.
        Files.writeString(file, "{\"caseId\": \"case-25\", \"res", java.nio.file.StandardOpenOption.APPEND);

        Set<Integer> rerun = ConcurrentHashMap.newKeySet();
        List<Outcome> all = runner(file, 4, progress).run(cases, i -> {
            rerun.add(i);
            return new Outcome(i * i);
        });
        assertThat(rerun).hasSize(15).allMatch(i -> i >= 25);
        assertThat(all).extracting(Outcome::square).containsExactlyElementsOf(cases.stream().map(i -> i * i).toList());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("40/40 cases", "/s, ETA");
        // Everything finished: a third run computes nothing.
        assertThat(runner(file, 2, progress).run(cases, i -> {
            throw new AssertionError("nothing left to run");
        })).hasSize(40);
    }

    @Test
    void concurrencyIsBounded(@TempDir Path dir) {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        runner(dir.resolve("r.jsonl"), 3, new ByteArrayOutputStream()).run(IntStream.range(0, 30).boxed().toList(),
                i -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inFlight.decrementAndGet();
                    return new Outcome(i);
                });
        assertThat(peak.get()).isBetween(2, 3);
        assertThatThrownBy(() -> runner(dir.resolve("x.jsonl"), 0, new ByteArrayOutputStream()))
                .hasMessageContaining("Concurrency must be at least 1");
    }
}
