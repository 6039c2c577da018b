package dev.afl.agent.llm;

import dev.afl.agent.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.prompt.PromptLibrary;

/**
 * The user agent backed by an LLM. An unusable answer is re-asked, and in the end falls back to the reward
 * model's verdict ({@link RewardVerdict}), marked as a fallback.
 */
public final class LlmUserAgent implements UserAgent {

    static final String CONTRACT = "Decision: <yes or no>";

    private final LlmCall llm;
    private final PromptLibrary prompts;
    private final LlmExchange exchange;
    private final RewardVerdict fallback;

    public LlmUserAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model, RewardVerdict fallback) {
        this.llm = llm;
        this.prompts = prompts;
        this.exchange = new LlmExchange(prompts, policy, model);
        this.fallback = fallback;
    }

    @Override
    public Judgement judge(JudgementTask task) {
        LlmExchange.Outcome<Boolean> outcome = exchange.ask(llm, prompts.user(task), ReplyParser::decision, CONTRACT);
        if (outcome.usable()) {
            return new Judgement(outcome.answer().value(), outcome.answer().reason(), outcome.trace());
        }
        if (!task.hasReward()) {
            return new Judgement(true, "Fallback without a reward model: the recommendation stands ("
                    + outcome.trace().fallbackReason() + ")", outcome.trace());
        }
        return new Judgement(fallback.accepts(task), "Fallback to the reward model's verdict: "
                + fallback.reason(task) + " (" + outcome.trace().fallbackReason() + ")", outcome.trace());
    }

    /** An unusable answer falls back to the reward model's own answer (score against the like threshold). */
    @Override
    public Judgement rate(RatingTask task) {
        LlmExchange.Outcome<Boolean> outcome = exchange.ask(llm, prompts.userSimulation(task), ReplyParser::decision,
                CONTRACT);
        if (outcome.usable()) {
            return new Judgement(outcome.answer().value(), outcome.answer().reason(), outcome.trace());
        }
        return new Judgement(task.rewardSaysLike(), "Fallback to the reward model's answer ("
                + outcome.trace().fallbackReason() + ")", outcome.trace());
    }

    @Override
    public String kind() {
        return AgentTrace.LLM;
    }
}
