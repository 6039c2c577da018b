package dev.afl.agent.offline;

import dev.afl.agent.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.UserAgent;

/** A user agent without an LLM: the reward model's verdict, with a reason naming the candidates it prefers. */
public final class OfflineUserAgent implements UserAgent {

    private final RewardVerdict verdict;

    public OfflineUserAgent(RewardVerdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public Judgement judge(JudgementTask task) {
        return new Judgement(verdict.accepts(task), verdict.reason(task),
                AgentTrace.offline("reward-top-" + verdict.acceptTopK()));
    }

    @Override
    public String kind() {
        return AgentTrace.OFFLINE;
    }
}
