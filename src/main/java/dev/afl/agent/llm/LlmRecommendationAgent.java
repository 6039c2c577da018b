package dev.afl.agent.llm;

import dev.afl.agent.AgentTrace;
import dev.afl.agent.ItemLabels;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.catalog.Item;
import dev.afl.prompt.PromptLibrary;
import java.util.List;

/**
 * The recommendation agent backed by an LLM. Its answer must name one candidate not yet rejected; otherwise it
 * is re-asked, and in the end falls back to the recommendation model's suggestion (its best candidate not yet
 * rejected), marked as a fallback. It never returns an item outside the candidates.
 */
public final class LlmRecommendationAgent implements RecommendationAgent {

    static final String CONTRACT = "Item: <the title of one candidate, exactly as listed>";

    private final LlmCall llm;
    private final PromptLibrary prompts;
    private final LlmExchange exchange;

    public LlmRecommendationAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model) {
        this.llm = llm;
        this.prompts = prompts;
        this.exchange = new LlmExchange(prompts, policy, model);
    }

    @Override
    public Proposal propose(RecommendationTask task) {
        List<String> labels = ItemLabels.of(task.candidates());
        LlmExchange.Outcome<Integer> outcome = exchange.ask(llm, prompts.recommender(task), reply -> {
            Parsed<String> item = ReplyParser.item(reply);
            if (!(item instanceof Parsed.Valid<String> named)) {
                return Parsed.invalid(((Parsed.Invalid<String>) item).problem());
            }
            Parsed<Integer> matched = CandidateMatcher.match(named.value(), labels);
            if (matched instanceof Parsed.Valid<Integer> position) {
                Item chosen = task.candidates().get(position.value());
                if (task.rejected(chosen.id())) {
                    return Parsed.invalid("the user already rejected '" + labels.get(position.value())
                            + "'; recommend a different candidate");
                }
                return new Parsed.Valid<>(position.value(), named.reason());
            }
            return matched;
        }, CONTRACT);
        if (outcome.usable()) {
            Item chosen = task.candidates().get(outcome.answer().value());
            return new Proposal(chosen.id(), outcome.answer().reason(), outcome.trace());
        }
        Item fallback = task.modelSuggestion();
        return new Proposal(fallback.id(), "Fallback to the recommendation model's suggestion \""
                + ItemLabels.of(fallback) + "\" (" + outcome.trace().fallbackReason() + ").", outcome.trace());
    }

    @Override
    public String kind() {
        return AgentTrace.LLM;
    }
}
