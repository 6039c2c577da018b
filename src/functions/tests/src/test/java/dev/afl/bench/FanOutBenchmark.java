package dev.afl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.app.AgentFactory;
import dev.afl.evaluation.CaseRunner;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fan-out of LLM-backed sessions: the application (booted the way its Lambda functions boot it, so the agents are
 * its own LLM agents on its own LangChain4j clients) plays AFL sessions of 4 rounds over LastFM test cases against
 * {@link SlowChatStub}, which answers every call after 200 ms. Runs: the application's fan-out ({@link CaseRunner},
 * the experiment command's runner) at each concurrency C, and a mimic of the reference implementation: 16
 * independent worker threads, each playing its own sessions one at a time, one call at a time. For each run:
 * sessions/s, LLM calls per session (counted at the stub), the bound C / (calls per session x 0.2 s), the ratio to
 * it, and the most calls the stub saw in flight at once. Driven by src/test/bench/fan-out.sh.
 *
 * <p>Usage: {@code FanOutBenchmark [sessions per worker] [C ...]} (default 8; 16 64 128). Other application settings
 * come as system properties, e.g. {@code -Dafl.llm.max-connections=64} (calls in flight per agent).
 */
public final class FanOutBenchmark {

    static final long DELAY_MILLIS = 200;
    static final int REFERENCE_WORKERS = 16;
    private static final Path WORK = Path.of("target/bench/fan-out");

    private final SlowChatStub stub;
    private final CasePlayer player;
    private final List<EvaluationCase> cases;
    private int offset;

    private FanOutBenchmark(SlowChatStub stub, CasePlayer player, List<EvaluationCase> cases) {
        this.stub = stub;
        this.player = player;
        this.cases = cases;
    }

    public static void main(String[] args) throws Exception {
        int perWorker = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<Integer> concurrencies = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            concurrencies.add(Integer.parseInt(args[i]));
        }
        if (concurrencies.isEmpty()) {
            concurrencies = List.of(16, 64, 128);
        }
        Files.createDirectories(WORK);
        try (SlowChatStub stub = new SlowChatStub(DELAY_MILLIS); LastFmCases lastfm = new LastFmCases()) {
            pointTheAgentsAt(stub);
            Quarkus.manualInitialize();
            Quarkus.manualStart();
            AgentFactory agents = Arc.container().instance(AgentFactory.class).get();
            if (!agents.llmEnabled()) {
                throw new IllegalStateException("the application did not switch to its LLM agents");
            }
            CasePlayer player = new CasePlayer(new dev.afl.evaluation.LoopSetup(LastFmCases.DATASET, lastfm.catalog(),
                    lastfm.recommendationModel(), lastfm.rewardModel(), agents.recommendationAgent(), agents.userAgent(),
                    LoopBenchmark.MAX_ROUNDS));
            FanOutBenchmark bench = new FanOutBenchmark(stub, player, lastfm.cases(30));
            bench.fanOut("warm-up", 32, 96);
            List<Map<String, Object>> results = new ArrayList<>();
            results.add(bench.reference(REFERENCE_WORKERS * perWorker));
            for (int c : concurrencies) {
                results.add(bench.fanOut("CaseRunner", c, c * perWorker));
            }
            ObjectMapper json = new ObjectMapper();
            for (Map<String, Object> result : results) {
                System.out.println(json.writeValueAsString(result));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the application's threads would keep the JVM alive
        }
        System.exit(0);
    }

    /**
     * The application's LLM configuration, as system properties (read when it boots): both agents on the stub,
     * under model names the stub tells apart.
     */
    private static void pointTheAgentsAt(SlowChatStub stub) {
        Map<String, String> config = Map.of(
                "quarkus.langchain4j.openai.recommender.base-url", stub.baseUrl(),
                "quarkus.langchain4j.openai.user.base-url", stub.baseUrl(),
                "quarkus.langchain4j.openai.recommender.api-key", "test",
                "quarkus.langchain4j.openai.user.api-key", "test",
                "quarkus.langchain4j.openai.recommender.chat-model.model-name", "bench-recommender",
                "quarkus.langchain4j.openai.user.chat-model.model-name", "bench-user",
                "afl.agents.mode", "llm",
                "afl.llm.model", "bench");
        config.forEach(System::setProperty);
    }

    /** {@code sessions} sessions through the experiment runner at concurrency {@code concurrency}. */
    private Map<String, Object> fanOut(String name, int concurrency, int sessions) throws IOException {
        List<EvaluationCase> chosen = nextCases(sessions);
        Path results = WORK.resolve(name + "-c" + concurrency + ".jsonl");
        Files.deleteIfExists(results);
        CaseRunner<EvaluationCase, CaseOutcome> runner = new CaseRunner<>(results, concurrency,
                c -> "row" + c.row() + "-seed" + c.seed(), CaseOutcome.class, quiet(), Duration.ofMinutes(10));
        stub.take();
        long cpu = LoopBenchmark.processCpuNanos();
        long start = System.nanoTime();
        List<CaseOutcome> outcomes = runner.run(chosen, c -> player.play(RecommendationMethod.AFL, c));
        return figures(name, concurrency, outcomes, System.nanoTime() - start, LoopBenchmark.processCpuNanos() - cpu);
    }

    /** The reference implementation's shape: independent workers, each one session and one call at a time. */
    private Map<String, Object> reference(int sessions) throws InterruptedException {
        List<EvaluationCase> chosen = nextCases(sessions);
        List<CaseOutcome> outcomes = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        stub.take();
        long cpu = LoopBenchmark.processCpuNanos();
        long start = System.nanoTime();
        for (int w = 0; w < REFERENCE_WORKERS; w++) {
            List<EvaluationCase> mine = new ArrayList<>();
            for (int i = w; i < chosen.size(); i += REFERENCE_WORKERS) {
                mine.add(chosen.get(i));
            }
            workers.add(Thread.ofPlatform().name("reference-" + w).start(() -> {
                try {
                    for (EvaluationCase c : mine) {
                        outcomes.add(player.play(RecommendationMethod.AFL, c));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        long cpuUsed = LoopBenchmark.processCpuNanos() - cpu;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a reference worker failed: " + failures.getFirst(), failures.getFirst());
        }
        return figures("reference mimic (16 workers)", REFERENCE_WORKERS, outcomes, elapsed, cpuUsed);
    }

    /** @param cpuNanos CPU time of the whole process in the run: the application and the stub together */
    private Map<String, Object> figures(String name, int concurrency, List<CaseOutcome> outcomes, long nanos,
            long cpuNanos) {
        SlowChatStub.Traffic traffic = stub.take();
        double seconds = nanos / 1e9;
        double sessionsPerSecond = outcomes.size() / seconds;
        double callsPerSession = (double) traffic.total() / outcomes.size();
        double bound = concurrency / (callsPerSession * DELAY_MILLIS / 1000.0);
        long fallbacks = outcomes.stream().mapToLong(o -> (o.valid() ? 0 : 1)
                + o.judgements().stream().filter(CaseOutcome.JudgementRecord::fallback).count()).sum();
        long appCalls = outcomes.stream().mapToLong(o -> o.usage().llmCalls()).sum();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "fan-out");
        figures.put("run", name);
        figures.put("concurrency", concurrency);
        figures.put("sessions", outcomes.size());
        figures.put("seconds", LoopBenchmark.round(seconds));
        figures.put("sessionsPerSecond", LoopBenchmark.round(sessionsPerSecond));
        figures.put("llmCallsPerSession", LoopBenchmark.round(callsPerSession));
        figures.put("llmCallsCountedByTheApplication", appCalls);
        figures.put("bound", LoopBenchmark.round(bound));
        figures.put("ratioToBound", Math.round(1000 * sessionsPerSecond / bound) / 1000.0);
        figures.put("peakInFlight", traffic.peakInFlightAll());
        figures.put("peakInFlightPerModel", traffic.peakInFlight());
        figures.put("fallbacks", fallbacks);
        figures.put("cpuMillisPerSession", LoopBenchmark.round(cpuNanos / 1e6 / outcomes.size()));
        figures.put("cpuCoresBusy", LoopBenchmark.round(cpuNanos / (double) nanos));
        figures.put("loadAverage", LoopBenchmark.loadAverage());
        if (!name.equals("warm-up")) {
            System.err.printf(Locale.ROOT, "%-28s C=%-3d %4d sessions in %5.1f s: %5.1f sessions/s, %.2f calls/session,"
                    + " bound %5.1f/s, ratio %.3f, peak in flight %d %s, fallbacks %d, CPU %.2f cores%n", name,
                    concurrency, outcomes.size(), seconds, sessionsPerSecond, callsPerSession, bound,
                    sessionsPerSecond / bound, traffic.peakInFlightAll(), traffic.peakInFlight(), fallbacks,
                    cpuNanos / (double) nanos);
        }
        return figures;
    }

    /** The next {@code count} cases, so no two runs replay the same prompts. */
    private List<EvaluationCase> nextCases(int count) {
        if (offset + count > cases.size()) {
            throw new IllegalStateException("only " + cases.size() + " cases; ask for fewer sessions per worker");
        }
        List<EvaluationCase> chosen = cases.subList(offset, offset + count);
        offset += count;
        return chosen;
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }

}
