package dev.afl.agent.llm;

import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.prompt.PromptLibrary;

/**
 * The user agent backed by an LLM, asked with its prompt set's templates. An unusable answer is re-asked, and in the
 * end falls back to the reward model's verdict ({@link RewardVerdict}), marked as a fallback in its trace. A
 * fallback's reason is the verdict's own neutral reason (what the reward model ranks where), since the
 * recommendation agent reads it and both agents remember it; why the fallback was taken goes to the trace only.
 */
public final class LlmUserAgent implements UserAgent {

    static final String CONTRACT = "Decision: <yes or no>";

    private final LlmCall llm;
    private final PromptLibrary prompts;
    private final LlmExchange exchange;
    private final RewardVerdict fallback;

    public LlmUserAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model, RewardVerdict fallback) {
        this(llm, prompts, policy, model, fallback, new LlmAvailability());
    }

    /** @param availability whether the LLM is to be asked now, shared with the other agents that call it */
    public LlmUserAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model, RewardVerdict fallback,
            LlmAvailability availability) {
        this.llm = llm;
        this.prompts = prompts;
        this.exchange = new LlmExchange(prompts, policy, model, availability);
        this.fallback = fallback;
    }

    @Override
    public Judgement judge(JudgementTask task) {
        LlmExchange.Outcome<Boolean> outcome = exchange.ask(llm, prompts.user(task), ReplyParser::decision, CONTRACT);
        if (outcome.usable()) {
            return new Judgement(outcome.answer().value(), outcome.answer().reason(), outcome.trace());
        }
        if (!task.hasReward()) {
            return new Judgement(true, RewardVerdict.WITHOUT_REWARD,
                    outcome.fallbackTrace("Fallback without a reward model: the recommendation stands"));
        }
        return new Judgement(fallback.accepts(task), fallback.reason(task),
                outcome.fallbackTrace("Fallback to the reward model's verdict (accept within its top "
                        + fallback.acceptTopK() + ")"));
    }

    /** An unusable answer falls back to the reward model's own answer (score against the like threshold). */
    @Override
    public Judgement rate(RatingTask task) {
        LlmExchange.Outcome<Boolean> outcome = exchange.ask(llm, prompts.userSimulation(task), ReplyParser::decision,
                CONTRACT);
        if (outcome.usable()) {
            return new Judgement(outcome.answer().value(), outcome.answer().reason(), outcome.trace());
        }
        return new Judgement(task.rewardSaysLike(), RewardVerdict.ratingReason(task),
                outcome.fallbackTrace("Fallback to the reward model's answer (its score against the like threshold)"));
    }

    /** The released code's user agent is shown the recommendation model's answer; the others are not. */
    @Override
    public boolean seesRecommendationModel() {
        return prompts.set().userSeesRecommendationModel();
    }

    @Override
    public String kind() {
        return AgentTrace.LLM;
    }
}
