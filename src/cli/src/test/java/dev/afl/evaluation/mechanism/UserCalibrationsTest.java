package dev.afl.evaluation.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.afl.TestData;
import dev.afl.agent.Domain;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RewardSignal;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.agent.simulated.DecisionNoise;
import dev.afl.agent.simulated.IndependentUser;
import dev.afl.agent.simulated.JudgeModel;
import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.app.SimulatedUsers;
import dev.afl.data.Checksums;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.HitRatio;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated users' calibration with the bundled LastFM models: estimated on the validation split and nothing
 * else, the committed file equal to a fresh estimate, and the independent user genuinely disagreeing with the reward
 * model.
 */
class UserCalibrationsTest {

    private static final List<Long> SEEDS = LongStream.range(0, 10).boxed().toList();
    private static ModelRegistry registry;
    private static Dataset lastfm;
    private static OnnxSequenceModel reward;
    private static OnnxSequenceModel judge;

    @BeforeAll
    static void load() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        registry = new ModelRegistry(Path.of("models"), 1);
        reward = registry.bundled("lastfm", "sasrec", lastfm.catalog());
        judge = registry.bundled("lastfm", "morec", lastfm.catalog());
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private static Dataset with(Split split, List<SequenceRow> rows) {
        Map<Split, List<SequenceRow>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            if (lastfm.has(s)) {
                splits.put(s, lastfm.rows(s));
            }
        }
        splits.put(split, rows);
        return new Dataset(lastfm.name(), lastfm.catalog(), splits);
    }

    /** The calibration without its creation time, to compare two estimates. */
    private static SimulatedUserCalibration undated(SimulatedUserCalibration c) {
        return new SimulatedUserCalibration(c.dataset(), c.estimatedOn(), c.rewardModel(), c.trueItemByRewardRank(),
                c.judgeModel(), null);
    }

    @Test
    void theCalibrationIsEstimatedOnTheValidationSplitOnly() {
        SimulatedUserCalibration estimate = UserCalibrations.estimate(lastfm, reward, judge, "sha", SEEDS);
        // One count per rank, summing to the validation cases (122 rows x 10 seeds).
        assertThat(estimate.trueItemByRewardRank()).hasSize(20);
        assertThat(estimate.estimatedOn().cases()).isEqualTo(1_220);
        assertThat(estimate.trueItemByRewardRank().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_220);
        assertThat(estimate.rankCalibration().trueItemProbability(1)).isCloseTo(estimate.judgeModel()
                .rewardHitRatioAt1(), within(1e-12));
        // The test split changed beyond recognition: the same calibration.
        Dataset otherTest = with(Split.TEST, lastfm.rows(Split.TEST).subList(0, 5));
        assertThat(undated(UserCalibrations.estimate(otherTest, reward, judge, "sha", SEEDS))).isEqualTo(undated(estimate));
        // Half the validation split: another calibration.
        List<SequenceRow> valid = lastfm.rows(Split.VALID);
        SimulatedUserCalibration half = UserCalibrations.estimate(with(Split.VALID, valid.subList(0, valid.size() / 2)),
                reward, judge, "sha", SEEDS);
        assertThat(half.estimatedOn().cases()).isLessThan(estimate.estimatedOn().cases());
        assertThat(half.trueItemByRewardRank()).isNotEqualTo(estimate.trueItemByRewardRank());
    }

    @Test
    void theCommittedCalibrationIsWhatTheValidationSplitGives() {
        Path validFile = TestData.dataDir().resolve(ReferenceSplitImporter.FOLDER).resolve("lastfm/valid.jsonl");
        SimulatedUserCalibration fresh = UserCalibrations.estimate(lastfm, reward, judge, Checksums.sha256(validFile),
                SEEDS);
        SimulatedUserCalibration committed = SimulatedUsers.read(SimulatedUsers.file(Path.of("models/lastfm")));
        assertThat(undated(committed)).as("models/lastfm/simulated-users.json is stale: rerun ./afl calibrate-users"
                + " --dataset lastfm").isEqualTo(undated(fresh));
    }

    @Test
    void theIndependentUserDisagreesWithTheRewardModelAsOftenAsItsModelDoes() {
        SimulatedUserCalibration calibration = UserCalibrations.estimate(lastfm, reward, judge, "sha", SEEDS);
        double agreement = calibration.judgeModel().top1AgreementWithReward();
        // Different information: MoRec's first choice is SASRec's in well under two cases in three on LastFM.
        assertThat(agreement).isBetween(0.3, 0.6);
        assertThat(calibration.judgeModel().rightWhereRewardWrong()).isGreaterThan(0.05);
        // Proposed the reward model's first choice, the independent user accepts it exactly when MoRec agrees.
        IndependentUser user = new IndependentUser(dataset -> new JudgeModel(judge.name(), judge,
                calibration.judgeModel().likeThreshold()), DecisionNoise.NONE, 1, 1, 3);
        RewardVerdict rewardVerdict = new RewardVerdict(1, 3);
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(lastfm, Split.VALID, SEEDS, null);
        int disagree = 0;
        for (EvaluationCase c : cases) {
            float[] rewards = reward.rewards(c.history(), c.candidates());
            int top = HitRatio.argMax(rewards);
            JudgementTask task = new JudgementTask(Domain.forDataset("lastfm"), 1,
                    c.history().stream().map(lastfm.catalog()::require).toList(),
                    c.candidates().stream().map(lastfm.catalog()::require).toList(),
                    lastfm.catalog().require(c.candidates().get(top)), "fits", RewardSignal.of(rewards, top), List.of(),
                    null, "lastfm");
            disagree += user.judge(task).accepted() != rewardVerdict.accepts(task) ? 1 : 0;
        }
        assertThat(disagree / (double) cases.size()).isCloseTo(1 - agreement, within(1e-12));
    }
}
