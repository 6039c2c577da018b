package dev.afl.bench;

import dev.afl.Dynalite;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.bench.DynamoDbCallCounter.Calls;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.memory.Session;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What each step of a session costs in DynamoDB calls, counted on the real SDK client (an execution interceptor)
 * against dynalite: sessions of at most 4 rounds over LastFM test cases, played step by step as the state machine
 * calls the functions (start; recommend, reward, judge per round; finish), with the offline agents and
 * {@link DynamoDbMemoryStore}. A step delivered again (a Lambda retry after the write) is counted too. Prints, per
 * step, the most reads and conditional writes any one call made, and whether that is within one read and one
 * conditional write. Driven by src/test/bench/loop.sh.
 *
 * <p>Usage: {@code DynamoDbStepCost [sessions]} (default 40).
 */
public final class DynamoDbStepCost {

    static final String RACE_LOSER = "recommend, concurrent duplicate that loses the race";

    private final Map<String, List<Calls>> steps = new LinkedHashMap<>();
    private final DynamoDbCallCounter counter;
    private final DynamoDbMemoryStore store;
    private final FeedbackLoop loop;

    private DynamoDbStepCost(DynamoDbCallCounter counter, DynamoDbMemoryStore store, FeedbackLoop loop) {
        this.counter = counter;
        this.store = store;
        this.loop = loop;
    }

    public static void main(String[] args) {
        report(measure(args.length > 0 ? Integer.parseInt(args[0]) : 40));
    }

    /** The calls of every step played, per step, over {@code count} sessions. */
    static Map<String, List<Calls>> measure(int count) {
        DynamoDbCallCounter counter = new DynamoDbCallCounter();
        DynamoDbStepCost cost;
        try (Dynalite dynalite = Dynalite.start(); LastFmCases lastfm = new LastFmCases();
                DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynalite.endpoint())
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("bench", "bench")))
                        .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build()) {
            DynamoDbMemoryStore store = new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(7));
            FeedbackLoop loop = new FeedbackLoop(LoopModels.of(LastFmCases.DATASET, lastfm.recommendationModel(),
                    lastfm.rewardModel()), new OfflineRecommendationAgent(),
                    new OfflineUserAgent(new RewardVerdict(1, 3)), store);
            cost = new DynamoDbStepCost(counter, store, loop);
            List<EvaluationCase> cases = lastfm.cases(1);
            for (int i = 0; i < count; i++) {
                cost.play(lastfm.request("bench-" + i, cases.get(i % cases.size()), LoopBenchmark.MAX_ROUNDS), i == 0);
            }
        }
        return cost.steps;
    }

    /**
     * One session, step by step as the state machine runs it. The first also delivers every step again after it
     * was stored, and plays round 1's recommend as two concurrent deliveries: the one that loses the race read
     * before the other wrote, so its conditional write fails and it reads again.
     */
    private void play(dev.afl.loop.RefinementRequest request, boolean redeliver) {
        String id = request.sessionId();
        counter.take();
        Session session = count("start", () -> loop.start(request));
        while (!loop.shouldStop(session)) {
            int round = session.nextRound();
            if (redeliver && round == 1) {
                raceOnRecommend(id, round);
            } else {
                count("recommend", () -> loop.recommend(id, round));
            }
            count("reward", () -> loop.reward(id, round));
            session = count("judge", () -> loop.judge(id, round));
            if (redeliver) {
                count("recommend, delivered again", () -> loop.recommend(id, round));
                count("reward, delivered again", () -> loop.reward(id, round));
                count("judge, delivered again", () -> loop.judge(id, round));
            }
        }
        count("finish", () -> loop.finish(id, null));
        if (redeliver) {
            count("finish, delivered again", () -> loop.finish(id, null));
        }
    }

    /** Two deliveries of one recommend step at once; the loser's read, failed write and re-read are its cost. */
    private void raceOnRecommend(String id, int round) {
        Session staleRead = store.require(id);
        Calls loserRead = counter.take();
        Session stored = count("recommend", () -> loop.recommend(id, round));
        store.saveProposal(staleRead, round, stored.pending().itemId(), stored.pending().itemTitle(),
                stored.pending().recommendationReason(), stored.pending().recommender());
        Calls loserWrite = counter.take();
        steps.computeIfAbsent(RACE_LOSER, s -> new ArrayList<>())
                .add(new Calls(loserRead.reads() + loserWrite.reads(),
                        loserRead.conditionalWrites() + loserWrite.conditionalWrites(),
                        loserRead.unconditionalWrites() + loserWrite.unconditionalWrites(),
                        loserRead.other() + loserWrite.other(), loserRead.attempts() + loserWrite.attempts()));
    }

    private Session count(String step, Supplier<Session> call) {
        Session session = call.get();
        steps.computeIfAbsent(step, s -> new ArrayList<>()).add(counter.take());
        return session;
    }

    private static void report(Map<String, List<Calls>> steps) {
        System.out.println("| step | times played | reads (max) | conditional writes (max) | other calls (max)"
                + " | HTTP attempts per SDK call | within 1 read + 1 conditional write |");
        System.out.println("|---|---|---|---|---|---|---|");
        boolean all = true;
        for (var entry : steps.entrySet()) {
            List<Calls> calls = entry.getValue();
            int reads = calls.stream().mapToInt(Calls::reads).max().orElse(0);
            int conditional = calls.stream().mapToInt(Calls::conditionalWrites).max().orElse(0);
            int unconditional = calls.stream().mapToInt(c -> c.unconditionalWrites() + c.other()).max().orElse(0);
            double attempts = calls.stream().mapToInt(Calls::attempts).average().orElse(0)
                    / Math.max(1, calls.stream().mapToInt(c -> c.reads() + c.conditionalWrites()
                            + c.unconditionalWrites() + c.other()).average().orElse(1));
            boolean within = reads <= 1 && conditional <= 1 && unconditional == 0;
            all &= within;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %s |%n", entry.getKey(), calls.size(),
                    reads, conditional, unconditional, attempts, within ? "yes" : "NO");
        }
        System.out.println(all ? "Every step is within one read and one conditional write."
                : "Some steps exceed one read and one conditional write: the rows marked NO.");
    }
}
