package dev.afl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Throughput of the one {@link FeedbackLoop} with the offline agents: sessions of at most 4 rounds over the LastFM
 * test cases (10 candidate seeds), GRU4Rec recommending and SASRec rewarding, on the embedded store
 * ({@link InMemoryMemoryStore}) and on {@link FileMemoryStore}; sessions as the offline agents play them (most end
 * accepted within two rounds) and sessions that play all 4 rounds. Worker threads play whole sessions back to back;
 * after a warm-up, the sessions and rounds finished in a fixed window are counted, with the CPU time the process
 * used in it (the figure that does not depend on other load on the machine). Driven by src/test/bench/loop.sh,
 * which pins the process to two cores.
 *
 * <p>Usage: {@code LoopBenchmark [threads] [warm-up seconds] [seconds]} (default 2, 5, 10).
 */
public final class LoopBenchmark {

    static final int MAX_ROUNDS = 4;

    private LoopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double warmUp = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        Path folder = Path.of("target/bench/loop-sessions");
        try (LastFmCases lastfm = new LastFmCases()) {
            List<EvaluationCase> cases = lastfm.cases(10);
            LoopModels models = LoopModels.of(LastFmCases.DATASET, lastfm.recommendationModel(), lastfm.rewardModel());
            Map<String, Supplier<MemoryStore>> stores = new LinkedHashMap<>();
            stores.put("in-memory", InMemoryMemoryStore::new);
            stores.put("file", () -> new FileMemoryStore(fresh(folder)));
            UserAgent offlineUser = new OfflineUserAgent(new RewardVerdict(1, 3));
            Map<String, UserAgent> users = new LinkedHashMap<>();
            users.put("as played", offlineUser);
            users.put("all 4 rounds", new DecliningUserAgent(offlineUser));
            for (var store : stores.entrySet()) {
                for (var user : users.entrySet()) {
                    FeedbackLoop loop = new FeedbackLoop(models, new OfflineRecommendationAgent(), user.getValue(),
                            store.getValue().get());
                    Window window = play(loop, lastfm, cases, threads, warmUp, seconds, store.getKey());
                    System.out.println(new ObjectMapper().writeValueAsString(
                            window.figures(store.getKey(), user.getKey(), threads)));
                    System.out.printf(Locale.ROOT, "%-9s store, %-12s %d threads: %,6.0f sessions/s, %,6.0f rounds/s"
                            + " (%.2f rounds per session, %3.0f%% accepted); %,5.0f sessions per CPU-second, CPU %.2f"
                            + " of %.1f s; load average %s%n", store.getKey(), user.getKey(), threads,
                            window.sessionsPerSecond(), window.roundsPerSecond(), window.roundsPerSession(),
                            100 * window.acceptedShare(), window.sessionsPerCpuSecond(), window.cpuSeconds(),
                            window.seconds(), loadAverage());
                }
            }
        }
    }

    /** What one measured window counted. */
    record Window(long sessions, long rounds, long accepted, double seconds, double cpuSeconds) {

        double sessionsPerSecond() {
            return sessions / seconds;
        }

        double roundsPerSecond() {
            return rounds / seconds;
        }

        double roundsPerSession() {
            return (double) rounds / sessions;
        }

        double acceptedShare() {
            return (double) accepted / sessions;
        }

        double sessionsPerCpuSecond() {
            return sessions / cpuSeconds;
        }

        Map<String, Object> figures(String store, String sessions, int threads) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "loop");
            figures.put("store", store);
            figures.put("sessionLength", sessions);
            figures.put("threads", threads);
            figures.put("maxRounds", MAX_ROUNDS);
            figures.put("seconds", round(seconds));
            figures.put("sessions", sessions);
            figures.put("rounds", rounds);
            figures.put("sessionsPerSecond", round(sessionsPerSecond()));
            figures.put("roundsPerSecond", round(roundsPerSecond()));
            figures.put("roundsPerSession", round(roundsPerSession()));
            figures.put("acceptedShare", round(acceptedShare()));
            figures.put("cpuSeconds", round(cpuSeconds));
            figures.put("sessionsPerCpuSecond", round(sessionsPerCpuSecond()));
            figures.put("loadAverage", loadAverage());
            return figures;
        }
    }

    private static Window play(FeedbackLoop loop, LastFmCases lastfm, List<EvaluationCase> cases, int threads,
            double warmUp, double seconds, String name) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder sessions = new LongAdder();
        LongAdder rounds = new LongAdder();
        LongAdder accepted = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("loop-" + t).start(() -> {
                try {
                    while (!stop.get()) {
                        long n = next.getAndIncrement();
                        EvaluationCase c = cases.get((int) (n % cases.size()));
                        Session session = loop.run(lastfm.request(name + "-" + n, c, MAX_ROUNDS));
                        if (measuring.get()) {
                            sessions.increment();
                            rounds.add(session.rounds().size());
                            if (session.status() == SessionStatus.ACCEPTED) {
                                accepted.increment();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    stop.set(true);
                }
            }));
        }
        Thread.sleep((long) (warmUp * 1000));
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuStart;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a session failed: " + failures.getFirst(), failures.getFirst());
        }
        return new Window(sessions.sum(), rounds.sum(), accepted.sum(), elapsed / 1e9, cpu / 1e9);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static Path fresh(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            return Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + folder, e);
        }
    }

    /**
     * The offline user agent's judgement, always declined: every session plays the whole round limit, the most
     * work a session can take (the offline agents usually agree within two rounds).
     */
    private record DecliningUserAgent(UserAgent judge) implements UserAgent {

        @Override
        public Judgement judge(JudgementTask task) {
            Judgement judgement = judge.judge(task);
            return new Judgement(false, judgement.reason(), judgement.trace());
        }

        @Override
        public Judgement rate(RatingTask task) {
            return judge.rate(task);
        }

        @Override
        public String kind() {
            return judge.kind();
        }
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
