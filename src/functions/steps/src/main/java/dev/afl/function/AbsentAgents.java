package dev.afl.function;

import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.Proposal;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.UserAgent;

/**
 * The agents of a function whose step asks none (start, reward, finalize, the fan-out's steps): it carries neither
 * the LLM client nor the simulated users. Being asked is a wiring error, said as such.
 */
final class AbsentAgents implements RecommendationAgent, UserAgent {

    private final String function;

    AbsentAgents(String function) {
        this.function = function;
    }

    @Override
    public Proposal propose(RecommendationTask task) {
        throw refused("recommendation");
    }

    @Override
    public Shortlist shortlist(RecommendationTask task, int size) {
        throw refused("recommendation");
    }

    @Override
    public Judgement judge(JudgementTask task) {
        throw refused("user");
    }

    @Override
    public Judgement rate(RatingTask task) {
        throw refused("user");
    }

    @Override
    public String kind() {
        return "none";
    }

    private IllegalStateException refused(String agent) {
        return new IllegalStateException("The " + function + " function has no " + agent + " agent: this step belongs"
                + " to another function; check the state machine's Resource for it.");
    }
}
