package dev.afl.cli.estimate;

import dev.afl.AgentTrace;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.prompt.Prompt;
import dev.afl.prompt.PromptLibrary;

/**
 * Stands in for the LLM recommendation agent in a rehearsed run: it renders exactly the prompt the LLM agent would
 * send for the task ({@link PromptLibrary#recommender}, {@link PromptLibrary#shortlist}), counts its tokens into the
 * tally, and answers as the offline agent does, so the run follows the offline trajectory without calling any LLM.
 */
final class RehearsalRecommendationAgent implements RecommendationAgent {

    static final String AGENT = "recommender";

    private final PromptLibrary prompts;
    private final ChatTokenCounter tokens;
    private final ReplySizes replies;
    private final TokenTally tally;
    private final String model;
    private final RecommendationAgent decisions = new OfflineRecommendationAgent();

    RehearsalRecommendationAgent(PromptLibrary prompts, ChatTokenCounter tokens, ReplySizes replies, TokenTally tally,
            String model) {
        this.prompts = prompts;
        this.tokens = tokens;
        this.replies = replies;
        this.tally = tally;
        this.model = model;
    }

    @Override
    public Proposal propose(RecommendationTask task) {
        AgentTrace trace = count(prompts.recommender(task), replies.proposal());
        Proposal offline = decisions.propose(task);
        return new Proposal(offline.itemId(), offline.reason(), trace);
    }

    @Override
    public Shortlist shortlist(RecommendationTask task, int size) {
        AgentTrace trace = count(prompts.shortlist(task, size), replies.shortlist());
        Shortlist offline = decisions.shortlist(task, size);
        return new Shortlist(offline.itemIds(), offline.reason(), trace);
    }

    private AgentTrace count(Prompt prompt, long outputTokens) {
        long input = tokens.request(prompt.system(), prompt.user());
        tally.request(AGENT, input, outputTokens);
        return new AgentTrace(AgentTrace.LLM, model, prompts.set().id(), 1, false, null, input, outputTokens, 0);
    }

    @Override
    public String kind() {
        return AgentTrace.LLM;
    }
}
