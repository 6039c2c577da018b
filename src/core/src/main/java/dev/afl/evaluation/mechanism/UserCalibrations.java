package dev.afl.evaluation.mechanism;

import dev.afl.agent.RewardSignal;
import dev.afl.agent.simulated.SimulatedUserCalibration.EstimatedOn;
import dev.afl.agent.simulated.SimulatedUserCalibration.JudgeCalibration;
import dev.afl.agent.simulated.SimulatedUserCalibration.ModelRef;
import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.data.Dataset;
import dev.afl.data.Split;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.HitRatio;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import dev.afl.evaluation.UserSimulationProtocol;
import dev.afl.evaluation.usersim.LikeThreshold;
import dev.afl.model.ScoringRequest;
import dev.afl.model.SequenceModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the simulated users' calibration ({@link SimulatedUserCalibration}) on a dataset's validation split, and
 * nothing else: the reward model's rank of each validation case's true item (one case per row and seed, the seeded
 * draws, which give more cases than the paper's single list per row), and the judge model's like threshold on the
 * validation rows' user-simulation cases at 1:1, chosen by the rule that chooses the reward model's.
 */
public final class UserCalibrations {

    /** The ratio the judge model's like threshold is chosen at (a simulated user does not know a task's ratio). */
    public static final Ratio JUDGE_RATIO = Ratio.ONE_TO_ONE;

    private static final int BATCH = 256;

    private UserCalibrations() {
    }

    /**
     * @param validSha256 the validation file's sha256, recorded as provenance
     * @param seeds       the candidate seeds of the validation cases
     */
    public static SimulatedUserCalibration estimate(Dataset data, SequenceModel reward, SequenceModel judge,
            String validSha256, List<Long> seeds) {
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(data, Split.VALID, seeds, null);
        if (cases.isEmpty()) {
            throw new dev.afl.AflException("Dataset " + data.name() + " has no validation rows with at least "
                    + EvaluationProtocol.PAPER.minHistory() + " history items to calibrate the simulated users on.");
        }
        List<float[]> rewardScores = scores(reward, cases);
        List<float[]> judgeScores = scores(judge, cases);
        int[] byRank = new int[EvaluationProtocol.PAPER.candidateCount()];
        int agree = 0;
        int judgeHits = 0;
        int rewardHits = 0;
        int rescued = 0;
        for (int i = 0; i < cases.size(); i++) {
            EvaluationCase c = cases.get(i);
            int target = c.candidates().indexOf(c.target());
            byRank[RewardSignal.of(rewardScores.get(i), target).rank() - 1]++;
            int rewardTop = HitRatio.argMax(rewardScores.get(i));
            int judgeTop = HitRatio.argMax(judgeScores.get(i));
            agree += rewardTop == judgeTop ? 1 : 0;
            judgeHits += judgeTop == target ? 1 : 0;
            rewardHits += rewardTop == target ? 1 : 0;
            rescued += rewardTop != target && judgeTop == target ? 1 : 0;
        }
        LikeThreshold threshold = likeThreshold(data, judge, seeds);
        int n = cases.size();
        int rows = (int) cases.stream().map(EvaluationCase::row).distinct().count();
        List<Integer> counts = new ArrayList<>();
        for (int count : byRank) {
            counts.add(count);
        }
        return new SimulatedUserCalibration(data.name(), new EstimatedOn(Split.VALID.fileStem(),
                Split.VALID.fileStem() + ".jsonl", validSha256, CandidateLists.SEEDS.id(), seeds, rows, n),
                new ModelRef(reward.name(), reward.card().sha256()), counts,
                new JudgeCalibration(judge.name(), judge.card().sha256(), threshold.value(), threshold.validationF1(),
                        threshold.validationJudgements(), JUDGE_RATIO.name(), agree / (double) n,
                        judgeHits / (double) n, rewardHits / (double) n,
                        n == rewardHits ? Double.NaN : rescued / (double) (n - rewardHits)),
                Instant.now().toString());
    }

    /** The judge model's like threshold on the validation rows at {@link #JUDGE_RATIO}, over the seeds. */
    static LikeThreshold likeThreshold(Dataset data, SequenceModel judge, List<Long> seeds) {
        List<UserSimulationProtocol.Case> cases = new ArrayList<>();
        for (long seed : seeds) {
            cases.addAll(UserSimulationProtocol.fromRows(data.name(), data.catalog(), data.rows(Split.VALID),
                    JUDGE_RATIO, seed));
        }
        return LikeThreshold.maximisingF1(cases, c -> judge.rewards(c.judgeHistory(), c.items()));
    }

    private static List<float[]> scores(SequenceModel model, List<EvaluationCase> cases) {
        List<float[]> scores = new ArrayList<>(cases.size());
        for (int start = 0; start < cases.size(); start += BATCH) {
            scores.addAll(model.scoreBatch(cases.subList(start, Math.min(cases.size(), start + BATCH)).stream()
                    .map(c -> new ScoringRequest(c.history(), c.candidates())).toList()));
        }
        return scores;
    }
}
