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

    public record Outcome(int square) {
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
    void aProcessKilledWithSigkillMidwayResumesWithoutRedoingFinishedCases(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        int total = 200; // about 4 s at 2 at a time, 40 ms each: the kill lands well before the end
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowCaseRun.class.getName(), file.toString(),
                String.valueOf(total)).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lines(file) < 30) {
            assertThat(run.isAlive()).as("the run ended before it was killed: " + Files.readString(dir.resolve("run.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("no progress within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        run.destroyForcibly(); // SIGKILL
        assertThat(run.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long finished = lines(file);
        assertThat(finished).isBetween(30L, total - 1L);

        Set<Integer> rerun = ConcurrentHashMap.newKeySet();
        List<Outcome> all = runner(file, 4, new ByteArrayOutputStream()).run(IntStream.range(0, total).boxed().toList(),
                i -> {
                    assertThat(rerun.add(i)).as("case " + i + " ran twice in the rerun").isTrue();
                    return new Outcome(i * i);
                });
        // Only the unfinished cases ran again (a line torn by the kill counts as unfinished), and every case has
        // exactly one result.
        assertThat(rerun.size()).isBetween((int) (total - finished), (int) (total - finished) + 1);
        assertThat(all).extracting(Outcome::square).containsExactlyElementsOf(
                IntStream.range(0, total).map(i -> i * i).boxed().toList());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, Long> perCase = Files.readAllLines(file).stream().filter(l -> l.endsWith("}"))
                .map(l -> {
                    try {
                        return json.readTree(l).get("caseId").asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()));
        assertThat(perCase).hasSize(total).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    }

    private static long lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var stream = Files.lines(file)) {
            return stream.filter(line -> line.endsWith("}")).count();
        }
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

    @Test
    void allAtOnceRunsEveryUnfinishedCaseTogetherAndTellsWhenEachIsOver(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        List<Integer> cases = IntStream.range(0, 12).boxed().toList();
        runner(file, 1, new ByteArrayOutputStream()).run(cases.subList(0, 2), i -> new Outcome(i * i));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(10);
        CaseRunner.Attendance attendance = new CaseRunner.Attendance() {
            @Override
            public void opening(int count) {
                opened.addAndGet(count);
                open.addAndGet(count);
            }

            @Override
            public void over() {
                open.decrementAndGet();
            }
        };
        // One at a time would never get past the latch: every case must be running at once.
        List<Outcome> all = runner(file, 1, new ByteArrayOutputStream()).allAtOnce(attendance).run(cases, i -> {
            allStarted.countDown();
            try {
                assertThat(allStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Outcome(i * i);
        });
        assertThat(all).extracting(Outcome::square).containsExactlyElementsOf(cases.stream().map(i -> i * i).toList());
        assertThat(opened.get()).as("only the unfinished cases are counted").isEqualTo(10);
        assertThat(open.get()).isZero();

        // A failing case is over too, and so is every case that never started after it.
        Path failing = dir.resolve("failing.jsonl");
        open.set(0);
        assertThatThrownBy(() -> runner(failing, 1, new ByteArrayOutputStream()).allAtOnce(attendance).run(cases,
                i -> {
                    throw new IllegalStateException("case " + i + " fails");
                })).hasMessageContaining("fails");
        for (int wait = 0; wait < 500 && open.get() != 0; wait++) {
            Thread.sleep(10); // the other cases end on their own threads
        }
        assertThat(open.get()).isZero();
    }
}
