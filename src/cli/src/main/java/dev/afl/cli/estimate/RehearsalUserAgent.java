package dev.afl.cli.estimate;

import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.prompt.Prompt;
import dev.afl.prompt.PromptLibrary;

/**
 * The user side of a rehearsed run. It tells the tally what {@code decisions} (the offline or simulated user) would
 * decide and then, in the recommendation family, rejects every proposal, so each session runs to the round limit and
 * the tally sees every round a session could play; where the user is the LLM's it also renders exactly the prompt
 * the LLM user agent would be sent ({@link PromptLibrary#user}, {@link PromptLibrary#userSimulation}) and counts its
 * tokens. In the user-simulation family it decides as {@code decisions} does: the ratings after a loop are asked
 * with the memory the loop left, so that loop must follow the offline trajectory, not run to its limit.
 */
final class RehearsalUserAgent implements UserAgent {

    static final String AGENT = "user";

    private final UserAgent decisions;
    private final PromptLibrary prompts;
    private final ChatTokenCounter tokens;
    private final ReplySizes replies;
    private final TokenTally tally;
    private final String model;
    private final boolean rejectsAll;

    /**
     * @param prompts    the LLM user's templates, or null where the user is not the LLM's (nothing is counted)
     * @param rejectsAll whether every proposal is rejected (sessions run to the round limit)
     */
    RehearsalUserAgent(UserAgent decisions, PromptLibrary prompts, ChatTokenCounter tokens, ReplySizes replies,
            TokenTally tally, String model, boolean rejectsAll) {
        this.rejectsAll = rejectsAll;
        this.decisions = decisions;
        this.prompts = prompts;
        this.tokens = tokens;
        this.replies = replies;
        this.tally = tally;
        this.model = model;
    }

    @Override
    public Judgement judge(JudgementTask task) {
        AgentTrace trace = prompts == null ? null : count(prompts.user(task), false);
        Judgement decided = decisions.judge(task);
        tally.judged(decided.accepted());
        return new Judgement(decided.accepted() && !rejectsAll, decided.reason(),
                trace == null ? decided.trace() : trace);
    }

    @Override
    public Judgement rate(RatingTask task) {
        AgentTrace trace = prompts == null ? null : count(prompts.userSimulation(task), true);
        Judgement decided = decisions.rate(task);
        return trace == null ? decided : new Judgement(decided.accepted(), decided.reason(), trace);
    }

    /** What the LLM user agent is shown: the set's rule; else the stand-in's own. */
    @Override
    public boolean seesRecommendationModel() {
        return prompts == null ? decisions.seesRecommendationModel() : prompts.set().userSeesRecommendationModel();
    }

    private AgentTrace count(Prompt prompt, boolean everyTrajectory) {
        long input = tokens.request(prompt.system(), prompt.user());
        if (everyTrajectory) {
            tally.requestInEveryTrajectory(AGENT, input, replies.judgement());
        } else {
            tally.request(AGENT, input, replies.judgement());
        }
        return new AgentTrace(AgentTrace.LLM, model, prompts.set().id(), 1, false, null, input, replies.judgement(), 0);
    }

    @Override
    public String kind() {
        return prompts == null ? decisions.kind() : AgentTrace.LLM;
    }
}
