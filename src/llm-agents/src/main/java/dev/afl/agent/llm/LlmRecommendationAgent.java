package dev.afl.agent.llm;

import dev.afl.AgentTrace;
import dev.afl.agent.ItemLabels;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.catalog.Item;
import dev.afl.prompt.PromptLibrary;
import java.util.List;

/**
 * The recommendation agent backed by an LLM, asked with its prompt set's templates. Its answer must name one
 * candidate; whether it may name one the user already rejected is the set's rule (the paper's agent may, to try to
 * persuade the user agent; the extended set's may not, and such an answer is re-asked). Without a usable answer it
 * falls back to the recommendation model's best candidate not yet rejected (the first such candidate without a
 * model), marked as a fallback in its trace. It never returns an item outside the candidates.
 *
 * <p>A fallback's reason is a neutral statement of what was proposed and on what ground ("The recommendation model
 * ranks ... highest ..."), the kind of reason the agent itself could give: the user agent reads it, and both agents
 * remember it. Why the fallback was taken (the last problem, the failed calls) is a diagnostic for people and goes
 * to the trace only ({@link dev.afl.AgentTrace#fallbackReason()}).
 */
public final class LlmRecommendationAgent implements RecommendationAgent {

    static final String CONTRACT = "Item: <the title of one candidate, exactly as listed>";
    static final String SHORTLIST_CONTRACT = "Item: <the title of one candidate, exactly as listed> (one line per"
            + " item, best first)";

    private final LlmCall llm;
    private final PromptLibrary prompts;
    private final LlmExchange exchange;

    public LlmRecommendationAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model) {
        this(llm, prompts, policy, model, new LlmAvailability());
    }

    /** @param availability whether the LLM is to be asked now, shared with the other agents that call it */
    public LlmRecommendationAgent(LlmCall llm, PromptLibrary prompts, LlmPolicy policy, String model,
            LlmAvailability availability) {
        this.llm = llm;
        this.prompts = prompts;
        this.exchange = new LlmExchange(prompts, policy, model, availability);
    }

    @Override
    public Proposal propose(RecommendationTask task) {
        List<String> labels = ItemLabels.of(task.candidates());
        List<String> history = historyTitles(task);
        boolean rejectedMayReturn = prompts.set().rejectedMayReturn();
        LlmExchange.Outcome<Integer> outcome = exchange.ask(llm, prompts.recommender(task), reply -> {
            Parsed<String> item = ReplyParser.item(reply);
            if (!(item instanceof Parsed.Valid<String> named)) {
                return Parsed.invalid(((Parsed.Invalid<String>) item).problem());
            }
            Parsed<Integer> matched = CandidateMatcher.match(named.value(), labels, history);
            if (matched instanceof Parsed.Valid<Integer> position) {
                Item chosen = task.candidates().get(position.value());
                if (!rejectedMayReturn && task.rejected(chosen.id())) {
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
        Item fallback = task.hasModel() ? task.modelBestNotRejected() : task.firstOpen();
        String label = "\"" + ItemLabels.of(fallback) + "\"";
        String among = task.memory().isEmpty() ? "the candidates" : "the candidates not yet rejected";
        if (task.hasModel()) {
            return new Proposal(fallback.id(), "The recommendation model ranks " + label + " highest among " + among
                    + ".", outcome.fallbackTrace("Fallback to the recommendation model's best of " + among + ", "
                    + label));
        }
        return new Proposal(fallback.id(), label + " is the first of " + among + ".",
                outcome.fallbackTrace("Fallback to the first of " + among + ", " + label));
    }

    /**
     * The LLM's best {@code size} candidates. An answer that does not name exactly that many distinct candidates
     * is re-asked, and in the end falls back to the model ranking's top (marked as a fallback in its trace; its
     * reason, which the user agent may read, says only what the shortlist is).
     */
    @Override
    public Shortlist shortlist(RecommendationTask task, int size) {
        List<String> labels = ItemLabels.of(task.candidates());
        List<String> history = historyTitles(task);
        LlmExchange.Outcome<List<Integer>> outcome = exchange.ask(llm, prompts.shortlist(task, size), reply -> {
            Parsed<List<String>> items = ReplyParser.items(reply, size);
            if (!(items instanceof Parsed.Valid<List<String>> named)) {
                return Parsed.invalid(((Parsed.Invalid<List<String>>) items).problem());
            }
            List<Integer> positions = new java.util.ArrayList<>();
            for (String item : named.value()) {
                Parsed<Integer> matched = CandidateMatcher.match(item, labels, history);
                if (!(matched instanceof Parsed.Valid<Integer> position)) {
                    return Parsed.invalid(((Parsed.Invalid<Integer>) matched).problem());
                }
                if (positions.contains(position.value())) {
                    return Parsed.invalid("it names '" + labels.get(position.value()) + "' twice");
                }
                positions.add(position.value());
            }
            return new Parsed.Valid<>(positions, named.reason());
        }, SHORTLIST_CONTRACT);
        if (outcome.usable()) {
            return new Shortlist(outcome.answer().value().stream().map(i -> task.candidates().get(i).id()).toList(),
                    outcome.answer().reason(), outcome.trace());
        }
        List<String> top = task.modelRanking().stream().limit(size).map(Item::id).toList();
        return task.hasModel()
                ? new Shortlist(top, "The recommendation model's top " + top.size() + ".",
                        outcome.fallbackTrace("Fallback to the recommendation model's top " + top.size()))
                : new Shortlist(top, "The first " + top.size() + " candidates.",
                        outcome.fallbackTrace("Fallback to the first " + top.size() + " candidates"));
    }

    /** The titles an answer must not be mistaken for a candidate by: the history's, as the prompt shows them. */
    private static List<String> historyTitles(RecommendationTask task) {
        return task.history().stream().map(ItemLabels::of).toList();
    }

    @Override
    public String kind() {
        return AgentTrace.LLM;
    }
}
