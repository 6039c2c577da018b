package dev.afl.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.data.JsonLines;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs evaluation cases at size: a bounded number at a time (LLM rate limits), each result appended to a JSON
 * Lines file as soon as it finishes, so a run that is killed loses at most the cases in flight and a rerun skips
 * every case already in the file. Progress (done, rate, ETA) goes to a stream while it runs.
 *
 * @param <C> the case
 * @param <R> its result, written as JSON
 */
public final class CaseRunner<C, R> {

    /**
     * Told how many cases are about to run, and when each of them is over (played, failed, or skipped after another
     * failed), so a round-synchronous batch knows which sessions it still waits for.
     */
    public interface Attendance {

        void opening(int cases);

        void over();
    }

    private static final ObjectMapper JSON = AflJson.records();

    private final Path results;
    private final int concurrency;
    private final Function<C, String> caseId;
    private final Class<R> resultType;
    private final PrintStream progress;
    private final Duration progressEvery;
    /** Null: {@code concurrency} cases at a time; else every case at once, each on a virtual thread of its own. */
    private final Attendance allAtOnce;

    public CaseRunner(Path results, int concurrency, Function<C, String> caseId, Class<R> resultType,
            PrintStream progress, Duration progressEvery) {
        this(results, concurrency, caseId, resultType, progress, progressEvery, null);
    }

    private CaseRunner(Path results, int concurrency, Function<C, String> caseId, Class<R> resultType,
            PrintStream progress, Duration progressEvery, Attendance allAtOnce) {
        if (concurrency < 1) {
            throw new AflException("Concurrency must be at least 1, got " + concurrency + ".");
        }
        this.results = results;
        this.concurrency = concurrency;
        this.caseId = caseId;
        this.resultType = resultType;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.allAtOnce = allAtOnce;
    }

    /**
     * This runner playing every case at once, each on a virtual thread of its own (batch mode: the cases wait on
     * their LLM calls together), telling {@code attendance} which are still open.
     */
    public CaseRunner<C, R> allAtOnce(Attendance attendance) {
        return new CaseRunner<>(results, concurrency, caseId, resultType, progress, progressEvery, attendance);
    }

    /** Every case's result, in case order: those already in the file, then the ones this run computed. */
    public List<R> run(List<C> cases, Function<C, R> evaluate) {
        Map<String, R> done = readFinished();
        List<C> todo = cases.stream().filter(c -> !done.containsKey(caseId.apply(c))).toList();
        if (!todo.isEmpty()) {
            execute(todo, evaluate, done, cases.size() - todo.size(), cases.size());
        }
        List<R> ordered = new ArrayList<>(cases.size());
        for (C c : cases) {
            ordered.add(done.get(caseId.apply(c)));
        }
        return ordered;
    }

    private void execute(List<C> todo, Function<C, R> evaluate, Map<String, R> done, int skipped, int total) {
        ExecutorService pool = allAtOnce == null ? Executors.newFixedThreadPool(concurrency)
                : Executors.newVirtualThreadPerTaskExecutor();
        if (allAtOnce != null) {
            allAtOnce.opening(todo.size());
        }
        AtomicInteger finished = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        long started = System.nanoTime();
        long[] lastReport = {started};
        try {
            // The appender closes a line torn by a kill, so the next result starts on its own line.
            try (JsonLines.Appender out = JsonLines.appender(results)) {
                List<Future<?>> futures = new ArrayList<>();
                for (C c : todo) {
                    futures.add(pool.submit(() -> {
                        R result;
                        try {
                            if (failed.get()) {
                                return; // a case failed: start no more, keep what finished
                            }
                            result = evaluate.apply(c);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        } finally {
                            if (allAtOnce != null) {
                                allAtOnce.over();
                            }
                        }
                        String id = caseId.apply(c);
                        synchronized (out) {
                            out.append(Map.of("caseId", id, "result", result));
                            done.put(id, result);
                            int n = finished.incrementAndGet();
                            long now = System.nanoTime();
                            if (now - lastReport[0] >= progressEvery.toNanos() || n == todo.size()) {
                                lastReport[0] = now;
                                report(skipped + n, total, n, now - started);
                            }
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AflException("Interrupted; finished cases are kept in " + results + " and a rerun resumes.");
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(int done, int total, int thisRun, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? thisRun / seconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        int width = 30;
        int filled = (int) Math.round(width * (double) done / total);
        progress.printf(Locale.ROOT, "[%s%s] %d/%d cases, %.1f/s, ETA %ds%n", "#".repeat(filled),
                ".".repeat(width - filled), done, total, rate, eta);
    }

    private Map<String, R> readFinished() {
        if (!Files.isRegularFile(results)) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
        try {
            // A line cut short by a kill is skipped: that case runs again.
            return new java.util.concurrent.ConcurrentHashMap<>(parse(Files.readAllLines(results, StandardCharsets.UTF_8),
                    resultType, torn -> { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + results + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads per-case result lines, {@code {"caseId": ..., "result": ...}}, the format this runner appends and the
     * evaluation fan-out writes: the first result of each case wins, in line order; a line that is not such an
     * object goes to {@code unreadable}.
     */
    public static <R> Map<String, R> parse(List<String> lines, Class<R> resultType, Consumer<String> unreadable) {
        Map<String, R> results = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry;
            try {
                entry = JSON.readTree(line);
            } catch (IOException notJson) {
                unreadable.accept(line);
                continue;
            }
            if (entry == null || !entry.path("caseId").isTextual() || !entry.has("result")) {
                unreadable.accept(line);
                continue;
            }
            String id = entry.get("caseId").asText();
            if (!results.containsKey(id)) {
                try {
                    results.put(id, JSON.treeToValue(entry.get("result"), resultType));
                } catch (IOException malformed) {
                    unreadable.accept(line);
                }
            }
        }
        return results;
    }

}
