package dev.afl.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * A case run that takes a while, started as its own process by {@link CaseRunnerTest} and killed with SIGKILL
 * midway: no shutdown hook, no finally block runs, exactly as when a machine or a container dies.
 */
public final class SlowCaseRun {

    private SlowCaseRun() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int cases = Integer.parseInt(args[1]);
        new CaseRunner<Integer, CaseRunnerTest.Outcome>(file, 2, i -> "case-" + i, CaseRunnerTest.Outcome.class,
                new PrintStream(System.err, true), Duration.ofSeconds(1))
                .run(IntStream.range(0, cases).boxed().toList(), i -> {
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new CaseRunnerTest.Outcome(i * i);
                });
    }
}
