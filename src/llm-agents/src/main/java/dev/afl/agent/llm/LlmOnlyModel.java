package dev.afl.agent.llm;

import dev.afl.AflException;
import dev.afl.agent.Domain;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.catalog.Item;
import dev.afl.model.EmptyHistoryException;
import dev.afl.model.ModelAnswer;
import dev.afl.model.RecommendationModel;
import dev.afl.model.ScoringRequest;
import dev.afl.model.TitledRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLM-only recommendation model (the paper's "GPT-4o-mini" base row): the recommender LLM picks one candidate
 * with no model suggestion. Each request is the recommendation agent's round-1 task without a suggestion, so it is
 * the same prompt (the run's prompt set's round-1 recommender prompt), parser, candidate matching, re-asks and
 * retries as the agent.
 *
 * <p>Scores: 1 for the LLM's pick, 0 for every other candidate; consumers resolve ties to candidate order, so
 * the pick ranks first and the others keep their listed order. When no usable answer comes after the bounded
 * re-asks and retries, every score is 0 (no preference: the first candidate ranks first, which is also the
 * agent's own fallback item); the {@link ModelAnswer#trace()} says so ({@code fallback} with its reason), the
 * exchange logs a warning, and the evaluation counts such answers as not valid.
 */
public final class LlmOnlyModel implements RecommendationModel {

    public static final String NAME = dev.afl.model.ModelChoices.LLM;

    private final String dataset;
    private final RecommendationAgent llm;
    private final String llmModel;

    /**
     * @param llm      the recommender LLM as an agent (with the configured policy and cassette)
     * @param llmModel its model id, for manifests
     */
    public LlmOnlyModel(String dataset, RecommendationAgent llm, String llmModel) {
        this.dataset = dataset;
        this.llm = llm;
        this.llmModel = llmModel;
    }

    @Override
    public String name() {
        return dataset + "/" + NAME;
    }

    /** Every item: the LLM reads titles, it has no vocabulary. */
    @Override
    public boolean knows(String itemId) {
        return true;
    }

    @Override
    public String provenance() {
        return "llm:" + llmModel;
    }

    /** Not supported: the LLM needs titles; callers pass items through {@link #answerBatch}. */
    @Override
    public List<float[]> scoreBatch(List<ScoringRequest> requests) {
        throw new UnsupportedOperationException("The LLM-only model " + name() + " reads titles: score it with"
                + " answer(...) or answerBatch(...), which take items.");
    }

    /** One LLM exchange per request, in turn (a batch is an evaluation's, its pace set by the LLM anyway). */
    @Override
    public List<ModelAnswer> answerBatch(List<TitledRequest> requests) {
        List<ModelAnswer> answers = new ArrayList<>(requests.size());
        for (TitledRequest request : requests) {
            answers.add(answer(request));
        }
        return answers;
    }

    private ModelAnswer answer(TitledRequest request) {
        if (request.history().isEmpty()) {
            throw new EmptyHistoryException();
        }
        if (request.candidates().isEmpty()) {
            throw new AflException("No candidates to score: give at least one candidate item.");
        }
        List<Item> candidates = request.candidates();
        Proposal pick = llm.propose(new RecommendationTask(Domain.forDataset(dataset), 1, request.history(), candidates,
                null, candidates, List.of()));
        float[] scores = new float[candidates.size()];
        if (!pick.trace().fallback()) {
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).id().equals(pick.itemId())) {
                    scores[i] = 1;
                    break;
                }
            }
        }
        return new ModelAnswer(scores, pick.trace());
    }
}
