package dev.afl.agent.simulated;

import dev.afl.AflException;
import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.RewardVerdict;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A simulated user that knows what the reward model knows and is right only as often as that allows: it accepts a
 * proposal with the probability that the proposal is the true item given its reward rank ({@link RankCalibration},
 * estimated on the validation split), then reverses the decision with probability epsilon ({@link DecisionNoise}).
 * Unlike the offline user, which accepts exactly the reward model's first choice, it sometimes turns that choice down
 * and sometimes takes a lower one, as a person whose taste the reward model only partly captures would.
 *
 * <p>Seeded per decision ({@link SessionDraws}): the same seed and session give the same decisions in any process.
 * Without the reward model (the ablation) it knows nothing of the proposal and accepts with the prior probability
 * that a candidate is the true one, 1 / candidates. When it rejects it names the candidates the reward model ranks
 * highest, as the offline user does, so an agent that follows the user's preferences can. In the user-simulation
 * task it likes an item when the reward score reaches the reward model's like threshold (its cut-off chosen on the
 * validation split), reversed with probability epsilon.
 */
public final class CalibratedNoisyUser implements UserAgent {

    public static final String KIND = "calibrated";

    private final Function<String, RankCalibration> calibrations;
    private final DecisionNoise noise;
    private final long seed;
    private final RewardVerdict preferences;

    /**
     * @param calibrations   each dataset's calibration, by dataset id
     * @param preferredShown how many preferred candidates a rejection names
     */
    public CalibratedNoisyUser(Function<String, RankCalibration> calibrations, DecisionNoise noise, long seed,
            int preferredShown) {
        this.calibrations = calibrations;
        this.noise = noise;
        this.seed = seed;
        this.preferences = new RewardVerdict(1, preferredShown);
    }

    @Override
    public Judgement judge(JudgementTask task) {
        String dataset = SimulatedTasks.dataset(task.dataset(), KIND);
        List<String> history = SimulatedTasks.ids(task.history());
        List<String> candidates = SimulatedTasks.ids(task.candidates());
        double probability;
        if (task.hasReward()) {
            RankCalibration calibration = calibration(dataset, task.candidates().size());
            probability = calibration.trueItemProbability(task.reward().rank());
        } else {
            probability = 1.0 / task.candidates().size();
        }
        boolean wanted = SessionDraws.uniform(seed, "accept", dataset, history, candidates, task.round(),
                task.proposed().id()) < probability;
        boolean accepted = noise.apply(wanted, SessionDraws.uniform(seed, "noise", dataset, history, candidates,
                task.round(), task.proposed().id()));
        return new Judgement(accepted, reason(task, probability, accepted), trace());
    }

    /** The reward model's threshold verdict, reversed with probability epsilon. */
    @Override
    public Judgement rate(RatingTask task) {
        String dataset = SimulatedTasks.dataset(task.dataset(), KIND);
        boolean liked = noise.apply(task.rewardSaysLike(), SessionDraws.uniform(seed, "rate-noise", dataset,
                SimulatedTasks.ids(task.history()), List.of(task.item().id()), task.memory().size(),
                task.item().id()));
        return new Judgement(liked, String.format(Locale.ROOT, "The reward model scores it %.3f against its like"
                + " threshold %.3f, and I %s it.", task.rewardScore(), task.likeThreshold(), liked ? "like" : "do not"
                + " like"), trace());
    }

    @Override
    public String kind() {
        return KIND;
    }

    private RankCalibration calibration(String dataset, int candidates) {
        RankCalibration calibration = calibrations.apply(dataset);
        if (calibration.candidates() != candidates) {
            throw new AflException("The calibrated user of " + dataset + " was calibrated on lists of "
                    + calibration.candidates() + " candidates, but this task has " + candidates + ": the reward"
                    + " ranks of lists of another length mean something else. Give " + calibration.candidates()
                    + " candidates, or choose another user agent (afl.agents.user).");
        }
        return calibration;
    }

    private String reason(JudgementTask task, double probability, boolean accepted) {
        String item = SimulatedTasks.quoted(task.proposed());
        String odds = String.format(Locale.ROOT, "%.0f%%", 100 * probability);
        if (!task.hasReward()) {
            return accepted ? "Nothing speaks against " + item + ", and I take it."
                    : "Nothing speaks for " + item + " over the other candidates.";
        }
        String where = item + " ranks " + task.reward().rank() + " of " + task.reward().candidateCount()
                + " for my taste, and what ranks there is what I want about " + odds + " of the time";
        if (accepted) {
            return where + "; I take it.";
        }
        List<String> names = preferences.preferred(task).stream().map(SimulatedTasks::quoted).toList();
        return where + ". I would rather have " + String.join(", ", names) + ".";
    }

    private AgentTrace trace() {
        return AgentTrace.offline(String.format(Locale.ROOT, "calibrated-user eps=%.2f", noise.epsilon()));
    }
}
