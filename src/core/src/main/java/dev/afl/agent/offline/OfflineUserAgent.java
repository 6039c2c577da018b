package dev.afl.agent.offline;

import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;

/**
 * A user agent without an LLM: the reward model's verdict, with a reason naming the candidates it prefers.
 * Without the reward model it has nothing to judge by and accepts every proposal, so the offline "AFL without
 * the reward model" is the Rec Agent by construction; that ablation means something only with an LLM user.
 */
public final class OfflineUserAgent implements UserAgent {

    private final RewardVerdict verdict;

    public OfflineUserAgent(RewardVerdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public Judgement judge(JudgementTask task) {
        if (!task.hasReward()) {
            return new Judgement(true, RewardVerdict.WITHOUT_REWARD, AgentTrace.offline("no-reward-accepts"));
        }
        return new Judgement(verdict.accepts(task), verdict.reason(task),
                AgentTrace.offline("reward-top-" + verdict.acceptTopK()));
    }

    /** The reward model's own answer: like when the score reaches the threshold. */
    @Override
    public Judgement rate(RatingTask task) {
        return new Judgement(task.rewardSaysLike(), RewardVerdict.ratingReason(task),
                AgentTrace.offline("reward-threshold"));
    }

    @Override
    public String kind() {
        return AgentTrace.OFFLINE;
    }
}
