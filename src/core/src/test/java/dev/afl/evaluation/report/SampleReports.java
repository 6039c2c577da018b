package dev.afl.evaluation.report;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.PairedComparison.Status;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.ConfigurationResult.RoundAudit;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.stats.ClusteredMcNemar;
import dev.afl.evaluation.stats.SignFlipTest;
import dev.afl.evaluation.usersim.UserSimulationComparison;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made experiment reports: a LastFM run of two models with base, Rec Agent, AFL (4 rounds) and two
 * ablations, base and AFL at three target positions, user simulation at two ratios, and one with nothing run.
 */
final class SampleReports {

    static final String SASREC_SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String PROMPT_SHA = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    static final String TEST_FILE_SHA = "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999";

    private SampleReports() {
    }

    static ExperimentReport full() {
        List<ConfigurationResult> recommendation = new ArrayList<>();
        // sasrec: the figures the tests check.
        recommendation.add(base("sasrec", "first", e(0.3115, 0.2700, 0.3550)));
        recommendation.add(base("sasrec", "random", e(0.2951, 0.2541, 0.3361)));
        recommendation.add(base("sasrec", "last", e(0.2787, 0.2377, 0.3197)));
        recommendation.add(config("sasrec", RecommendationMethod.REC_AGENT, "random",
                List.of(e(0.2500, 0.2100, 0.2900)), popularity(0.62, 0.25, 0.13), List.of(),
                ledger(244, 244, 600_000, 20_000, 0.0960)));
        recommendation.add(afl("sasrec", "first", e(0.3600, 0.3100, 0.4100)));
        recommendation.add(afl("sasrec", "random", e(0.3402, 0.2950, 0.3852)));
        recommendation.add(afl("sasrec", "last", e(0.3300, 0.2800, 0.3800)));
        recommendation.add(config("sasrec", RecommendationMethod.AFL_WITHOUT_REWARD_MODEL, "random",
                List.of(e(0.2900, 0.2500, 0.3300), e(0.3000, 0.2600, 0.3400), e(0.3050, 0.2650, 0.3450),
                        e(0.3050, 0.2650, 0.3450)),
                List.of(popularity(0.58, 0.27, 0.15), popularity(0.57, 0.28, 0.15), popularity(0.56, 0.29, 0.15),
                        popularity(0.56, 0.29, 0.15)),
                audit(), ledger(244, 1_100, 2_100_000, 110_000, 0.3810)));
        recommendation.add(config("sasrec", RecommendationMethod.TOP5_BY_SASREC, "random",
                List.of(e(0.3000, 0.2600, 0.3400)), popularity(0.60, 0.26, 0.14), List.of(),
                ledger(244, 244, 650_000, 21_000, 0.1041)));
        // gru4rec: a second model, so every view has two of something.
        recommendation.add(base("gru4rec", "first", e(0.3000, 0.2600, 0.3400)));
        recommendation.add(base("gru4rec", "random", e(0.2787, 0.2377, 0.3197)));
        recommendation.add(base("gru4rec", "last", e(0.2623, 0.2213, 0.3033)));
        recommendation.add(config("gru4rec", RecommendationMethod.REC_AGENT, "random",
                List.of(e(0.2459, 0.2049, 0.2869)), popularity(0.63, 0.24, 0.13), List.of(),
                ledger(244, 244, 600_000, 20_000, 0.0960)));
        recommendation.add(afl("gru4rec", "first", e(0.3400, 0.2900, 0.3900)));
        recommendation.add(afl("gru4rec", "random", e(0.3197, 0.2746, 0.3648)));
        recommendation.add(afl("gru4rec", "last", e(0.3100, 0.2600, 0.3600)));
        recommendation.add(config("gru4rec", RecommendationMethod.AFL_WITHOUT_REC_MODEL, "random",
                List.of(e(0.2100, 0.1700, 0.2500), e(0.2200, 0.1800, 0.2600), e(0.2250, 0.1850, 0.2650),
                        e(0.2300, 0.1900, 0.2700)),
                List.of(popularity(0.66, 0.22, 0.12), popularity(0.65, 0.23, 0.12), popularity(0.64, 0.24, 0.12),
                        popularity(0.64, 0.24, 0.12)),
                audit(), ledger(244, 1_050, 2_000_000, 100_000, 0.3600)));

        // Two tested comparisons (one Holm family of 2) and one identical by construction.
        List<Comparison> comparisons = List.of(
                new Comparison("lastfm/sasrec/afl/random", "lastfm/sasrec/base/random", 244,
                        e(0.0451, 0.0123, 0.0779), tested(244, 122, 20, 9, 17,
                                new ClusteredMcNemar(3.51, 0.0610), 0.1220, signFlip(0.0451, 0.0654), 0.1308, 2)),
                new Comparison("lastfm/gru4rec/afl/random", "lastfm/gru4rec/rec-agent/random", 244,
                        e(0.0738, 0.0410, 0.1066), tested(244, 122, 31, 3, 25,
                                new ClusteredMcNemar(16.4, 0.0000512), 0.0001024, signFlip(0.0738, 0.00005), 0.0001, 2)),
                new Comparison("lastfm/sasrec/rec-agent/random", "lastfm/sasrec/base/random", 244,
                        e(0, 0, 0), new PairedComparison(244, 122, 0, 0, 0, Status.IDENTICAL_BY_CONSTRUCTION,
                                "the offline Rec Agent proposes the recommendation model's best candidate", null)));

        List<UserSimulationResult> userSimulation = new ArrayList<>();
        for (String ratio : List.of("1:1", "1:9")) {
            int judgements = ratio.equals("1:1") ? 1_000 : 5_000;
            double liked = ratio.equals("1:1") ? 0.5 : 0.1;
            userSimulation.add(new UserSimulationResult("lastfm", "held-out items", ratio, "reward-model", "none", 500,
                    judgements, 0.5, e(0.8123, 0.7900, 0.8350), e(0.6000, 0.5700, 0.6300), e(0.6902, 0.6650, 0.7150),
                    // Some users are never predicted to like anything: macro precision is undefined for all.
                    macro(Double.NaN, 0.6100, 0.6800), share(liked * 0.8), CostLedger.of(judgements,
                            dev.afl.evaluation.Usage.NONE, CostLedger.Prices.FREE), List.of()));
            userSimulation.add(new UserSimulationResult("lastfm", "held-out items", ratio, "user-agent",
                    "gpt-4o-mini", 500, judgements, 0.5, e(0.7000, 0.6750, 0.7250), e(0.7500, 0.7250, 0.7750),
                    e(0.7241, 0.7000, 0.7480), macro(0.7100, 0.7400, 0.7150), share(liked * 1.1),
                    ledger(judgements, judgements, 3_000_000, 50_000, 0.4800), List.of()));
            userSimulation.add(new UserSimulationResult("lastfm", "held-out items", ratio, "afl", "gpt-4o-mini", 500,
                    judgements, 0.5, e(0.7800, 0.7560, 0.8040), e(0.7300, 0.7050, 0.7550), e(0.7542, 0.7300, 0.7780),
                    macro(0.7700, 0.7200, 0.7400), share(liked), ledger(judgements, judgements,
                            3_500_000, 55_000, 0.5580), List.of(e(0.7300, 0.7050, 0.7550), e(0.7450, 0.7200, 0.7700),
                            e(0.7542, 0.7300, 0.7780), e(0.7542, 0.7300, 0.7780))));
        }
        List<UserSimulationComparison> userComparisons = List.of(
                new UserSimulationComparison("1:1", "afl", "reward-model", 1_000, e(0.0640, 0.0400, 0.0880),
                        tested(1_000, 500, 88, 40, 61, new ClusteredMcNemar(15.2, 0.0000967), 0.0001934,
                                signFlip(0.0480, 0.00005), 0.0001, 2)),
                new UserSimulationComparison("1:9", "afl", "user-agent", 5_000, e(0.0301, 0.0100, 0.0500),
                        tested(5_000, 500, 210, 160, 140, new ClusteredMcNemar(5.1, 0.0239), 0.0239,
                                signFlip(0.0100, 0.0262), 0.0262, 2)),
                new UserSimulationComparison("1:9", "user-agent", "reward-model", 5_000, e(0, 0, 0),
                        new PairedComparison(5_000, 500, 0, 0, 0, Status.NO_DISCORDANT_CASE, "", null)));

        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("split", "test");
        protocol.put("candidates", 20);
        protocol.put("seeds", List.of(0, 1));
        protocol.put("bootstrap", Map.of("resamples", 1000));

        Map<String, Map<String, Double>> baseline = new LinkedHashMap<>();
        baseline.put("base", new LinkedHashMap<>(Map.of("sasrec", 0.2869)));
        baseline.get("base").put("gru4rec", 0.2787);
        baseline.put("afl", Map.of("sasrec", 0.3443));
        baseline.put("rec-agent", Map.of("caser", 0.2000));

        // sasrec's AFL row against its best baseline (chosen on validation), with the power of AFL vs base.
        List<dev.afl.evaluation.recommendation.BaselineChoice> baselines = List.of(
                new dev.afl.evaluation.recommendation.BaselineChoice("sasrec", "lastfm/sasrec/afl/random",
                        Map.of("reward-model", e(0.3033, 0.2295, 0.3852), "rank-fusion", e(0.2951, 0.2213, 0.3770),
                                "model-top5-by-reward", e(0.3033, 0.2295, 0.3852)),
                        122, 122, "reward-model", "lastfm/sasrec/reward-model/random", "rank-fusion",
                        "lastfm/sasrec/rank-fusion/random", e(0.0205, -0.0123, 0.0533)));
        List<dev.afl.evaluation.PowerLine> power = List.of(
                new dev.afl.evaluation.PowerLine("lastfm", "seeds", "sasrec", "AFL vs Base model", 122, 2, 0.2951,
                        0.3, 0.14, 0.0570, 0.0901, ""),
                new dev.afl.evaluation.PowerLine("lastfm", "seeds", "gru4rec", "AFL vs Base model", 122, 2, 0.2787,
                        0, 0, null, 0.0983, "the two never differ on these cases (identical here): no test to have"
                                + " power"));
        return new ExperimentReport("AFL on LastFM", "2025-05-01T10:00:00Z", "lastfm", "llm",
                protocol, manifest(), recommendation, comparisons, userSimulation, userComparisons,
                popularity(0.55, 0.30, 0.15), baseline, null, baselines, power);
    }

    /**
     * A run on the paper's lists: one case per row (122), so every HitRatio@1 has its exact fraction, and the
     * protocol check with one checkpoint as expected, one not, and the recorded answers.
     */
    static ExperimentReport paperLists() {
        ConfigurationResult base = paperRow("sasrec", RecommendationMethod.BASE, List.of(36));
        ConfigurationResult afl = paperRow("sasrec", RecommendationMethod.AFL, List.of(38, 41, 42, 43));
        ProtocolCheck check = new ProtocolCheck("lastfm", 122, List.of(
                new ProtocolCheck.CheckpointScore("afl-sasrec", "afl-sasrec-lastfm.pt", SASREC_SHA, 36, 122, 36),
                new ProtocolCheck.CheckpointScore("llara-sasrec", "llara-sasrec-lastfm.pt", SASREC_SHA, 30, 122, 31)),
                new ProtocolCheck.PriorAnswers("SASRec.csv", 121, 122, List.of(17)), List.of());
        Map<String, Map<String, Double>> baseline = Map.of("base", Map.of("sasrec", 0.2869));
        return new ExperimentReport("AFL on LastFM, paper lists", "2025-05-01T10:00:00Z", "lastfm", "offline",
                Map.of("candidateLists", "paper"), manifest(), List.of(base, afl), List.of(), List.of(), List.of(),
                Map.of(), baseline, check, List.of(), List.of());
    }

    private static ConfigurationResult paperRow(String model, RecommendationMethod method, List<Integer> hits) {
        List<Estimate> curve = hits.stream().map(h -> e(h / 122.0, h / 122.0 - 0.08, h / 122.0 + 0.08)).toList();
        return new ConfigurationResult("lastfm/" + model + "/" + method.id() + "/random", "lastfm", model,
                method.id(), method.label(), "random", "offline", hits.size(), 122, 122, curve.getLast(),
                hits.getLast(), e(1, 1, 1), curve, hits, List.of(popularity(0.7, 0.2, 0.1)),
                e(hits.size(), hits.size(), hits.size()), List.of(), ledger(122, 0, 0, 0, 0));
    }

    /** Nothing run: every list and map empty. */
    static ExperimentReport empty() {
        return new ExperimentReport("Nothing run", "2025-05-01T10:00:00Z", "lastfm", "gpt-4o-mini", Map.of(),
                manifest(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), null, List.of(), List.of());
    }

    static RunManifest manifest() {
        return new RunManifest("5398398abcde", Instant.parse("2025-05-01T09:30:00Z"), Map.of("sasrec", SASREC_SHA),
                "paper", Map.of("paper/recommender-system.txt", PROMPT_SHA), Map.of("recommender", "gpt-4o-mini"),
                "seeds", List.of(0L, 1L),
                Map.of("lastfm/test.jsonl", TEST_FILE_SHA));
    }

    static ConfigurationResult base(String model, String position, Estimate hit) {
        return config(model, RecommendationMethod.BASE, position, List.of(hit), popularity(0.70, 0.20, 0.10),
                List.of(), ledger(244, 0, 0, 0, 0));
    }

    /** AFL with a rising curve ending at the given HitRatio@1, 4 rounds. */
    static ConfigurationResult afl(String model, String position, Estimate last) {
        List<Estimate> curve = List.of(
                e(last.mean() - 0.0287, last.ciLow() - 0.0250, last.ciHigh() - 0.0302),
                e(last.mean() - 0.0123, last.ciLow() - 0.0110, last.ciHigh() - 0.0136),
                e(last.mean() - 0.0041, last.ciLow() - 0.0040, last.ciHigh() - 0.0042),
                last);
        List<Map<String, Estimate>> popularity = List.of(popularity(0.50, 0.30, 0.20), popularity(0.48, 0.31, 0.21),
                popularity(0.47, 0.31, 0.22), popularity(0.46, 0.31, 0.23));
        return config(model, RecommendationMethod.AFL, position, curve, popularity, audit(),
                ledger(244, 1_234, 2_345_678, 123_456, 0.4567));
    }

    static ConfigurationResult config(String model, RecommendationMethod method, String position,
            List<Estimate> curve, Map<String, Estimate> popularity, List<RoundAudit> audit, CostLedger ledger) {
        return config(model, method, position, curve, List.of(popularity), audit, ledger);
    }

    static ConfigurationResult config(String model, RecommendationMethod method, String position,
            List<Estimate> curve, List<Map<String, Estimate>> popularity, List<RoundAudit> audit, CostLedger ledger) {
        return new ConfigurationResult("lastfm/" + model + "/" + method.id() + "/" + position, "lastfm", model,
                method.id(), method.label(), position, method == RecommendationMethod.BASE ? "none" : "gpt-4o-mini",
                method.usesLoop() ? 4 : 1, 244, 122, curve.getLast(), hits(curve.getLast()), e(0.9918, 0.9795, 1.0),
                curve, curve.stream().map(SampleReports::hits).toList(), popularity,
                method.usesLoop() ? e(2.35, 2.20, 2.51) : e(1, 1, 1), audit, ledger);
    }

    /** The hits of 244 cases that give the estimate's mean. */
    static Integer hits(Estimate estimate) {
        return (int) Math.round(estimate.mean() * 244);
    }

    static List<RoundAudit> audit() {
        return List.of(round(1, 244, 0.41, 0.75, 12, 9, 80, 60, 2), round(2, 144, 0.52, 0.71, 10, 6, 50, 30, 1),
                round(3, 69, 0.55, 0.70, 5, 3, 25, 14, 0), round(4, 31, 0.58, 0.68, 2, 0, 11, 0, 0));
    }

    /** One audited round with the top 5 as high-ranked, every share with a CI of plus or minus 0.05. */
    static RoundAudit round(int round, int judgements, double accepted, double agreement, int acceptedLow,
            int rejectedHigh, int low, int high, int fallbacks) {
        return new RoundAudit(round, judgements, Math.min(judgements, 122), 5, share(accepted), share(agreement),
                acceptedLow, rejectedHigh, low, high, share(low == 0 ? Double.NaN : acceptedLow / (double) low),
                share(high == 0 ? Double.NaN : rejectedHigh / (double) high), fallbacks);
    }

    static CostLedger ledger(long cases, long calls, long in, long out, double cost) {
        return new CostLedger(cases, calls, in, out, 0.15, 0.60, cost);
    }

    static Map<String, Estimate> popularity(double head, double middle, double tail) {
        Map<String, Estimate> shares = new LinkedHashMap<>();
        shares.put("top20", share(head));
        shares.put("20to50", share(middle));
        shares.put("bottom50", share(tail));
        return shares;
    }

    /** A share with a CI of plus or minus 0.05 (NaN stays NaN). */
    static Estimate share(double value) {
        return e(value, value - 0.05, value + 0.05);
    }

    static UserSimulationResult.MacroFigures macro(double precision, double recall, double f1) {
        return new UserSimulationResult.MacroFigures(share(precision), share(recall), share(f1));
    }

    static PairedComparison tested(int cases, int clusters, int onlyFirst, int onlySecond, int discordantClusters,
            ClusteredMcNemar mcNemar, double mcNemarHolm, SignFlipTest signFlip, double signFlipHolm, int family) {
        return new PairedComparison(cases, clusters, onlyFirst, onlySecond, discordantClusters, Status.TESTED, "",
                new PairedComparison.Tests(mcNemar, mcNemarHolm, signFlip, signFlipHolm, family));
    }

    static SignFlipTest signFlip(double meanDifference, double p) {
        return new SignFlipTest(meanDifference, p, SignFlipTest.DEFAULT_PERMUTATIONS, false);
    }

    static Estimate e(double mean, double low, double high) {
        return new Estimate(mean, low, high);
    }
}
