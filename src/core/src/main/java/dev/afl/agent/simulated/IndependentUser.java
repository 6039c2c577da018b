package dev.afl.agent.simulated;

import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RewardSignal;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.RewardVerdict;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A simulated user that judges with information of its own: a recommender other than the reward model (the judge
 * model, {@link JudgeModel}; MoRec by default, which adds the items' titles, read through a text encoder pretrained
 * on other data, to the interactions the reward model learnt from). It never reads the reward model's score. It
 * accepts a proposal its own model ranks within its top {@code k} candidates and, when it rejects, names the
 * candidates its own model prefers: the offline user's rule ({@link RewardVerdict}) over another model's view, so
 * the two users differ only in what they know. Each decision is then reversed with probability epsilon
 * ({@link DecisionNoise}), seeded per decision ({@link SessionDraws}).
 *
 * <p>In the user-simulation task it likes an item when its model's score reaches the judge model's own like
 * threshold (chosen on the validation split by the rule that chooses the reward model's), reversed with probability
 * epsilon.
 */
public final class IndependentUser implements UserAgent {

    public static final String KIND = "independent";

    private final Function<String, JudgeModel> judges;
    private final DecisionNoise noise;
    private final long seed;
    private final RewardVerdict verdict;

    /**
     * @param judges         each dataset's judge model, by dataset id
     * @param acceptTopK     a proposal the judge model ranks within this many best candidates is accepted
     * @param preferredShown how many preferred candidates a rejection names
     */
    public IndependentUser(Function<String, JudgeModel> judges, DecisionNoise noise, long seed, int acceptTopK,
            int preferredShown) {
        this.judges = judges;
        this.noise = noise;
        this.seed = seed;
        this.verdict = new RewardVerdict(acceptTopK, preferredShown);
    }

    @Override
    public Judgement judge(JudgementTask task) {
        String dataset = SimulatedTasks.dataset(task.dataset(), KIND);
        JudgeModel judge = judges.apply(dataset);
        List<String> history = SimulatedTasks.ids(task.history());
        List<String> candidates = SimulatedTasks.ids(task.candidates());
        // The judge model's view in the shape of a reward signal, so the offline user's rule reads it unchanged.
        JudgementTask own = new JudgementTask(task.domain(), task.round(), task.history(), task.candidates(),
                task.proposed(), task.recommendationReason(), RewardSignal.of(judge.model().rewards(history, candidates),
                        task.candidates().indexOf(task.proposed())), task.memory(), null, dataset);
        boolean accepted = noise.apply(verdict.accepts(own), SessionDraws.uniform(seed, "noise", dataset, history,
                candidates, task.round(), task.proposed().id()));
        String reason = accepted == verdict.accepts(own) ? verdict.reason(own) : accepted
                ? SimulatedTasks.quoted(task.proposed()) + " is not my first choice, but I will take it."
                : SimulatedTasks.quoted(task.proposed()) + " is my first choice, yet I am not in the mood for it. I would"
                        + " rather have " + String.join(", ", verdict.preferred(own).stream()
                                .map(SimulatedTasks::quoted).toList()) + ".";
        return new Judgement(accepted, reason, trace(judge));
    }

    /** The judge model's score against its own like threshold, reversed with probability epsilon. */
    @Override
    public Judgement rate(RatingTask task) {
        String dataset = SimulatedTasks.dataset(task.dataset(), KIND);
        JudgeModel judge = judges.apply(dataset);
        List<String> history = SimulatedTasks.ids(task.history());
        float score = judge.model().rewards(history, List.of(task.item().id()))[0];
        boolean liked = noise.apply(score >= judge.likeThreshold(), SessionDraws.uniform(seed, "rate-noise", dataset,
                history, List.of(task.item().id()), task.memory().size(), task.item().id()));
        return new Judgement(liked, String.format(Locale.ROOT, "My own taste (%s) scores it %.3f against my like"
                + " threshold %.3f, and I %s it.", judge.name(), score, judge.likeThreshold(), liked ? "like"
                        : "do not like"), trace(judge));
    }

    @Override
    public String kind() {
        return KIND;
    }

    private AgentTrace trace(JudgeModel judge) {
        return AgentTrace.offline(String.format(Locale.ROOT, "independent-user %s top-%d eps=%.2f", judge.name(),
                verdict.acceptTopK(), noise.epsilon()));
    }
}
