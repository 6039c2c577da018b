package dev.afl.model;

import dev.afl.catalog.Item;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A recommendation model: scores candidate items for a user's history. The recommendation agent asks it for its
 * suggestion; the evaluation compares against it as the base model. Implementations: the bundled and imported
 * ONNX sequential recommenders, the LLM-only model (the recommender LLM picks one candidate) and the remote model
 * (any recommender behind an HTTP endpoint); {@code dev.afl.app.RecommendationModels} resolves them by name.
 */
public interface RecommendationModel {

    /** How results name this model, e.g. {@code lastfm/sasrec}. */
    String name();

    /** Whether the model can score this item (it is in the model's vocabulary). */
    boolean knows(String itemId);

    /** One score per candidate, in candidate order. */
    default float[] score(List<String> history, List<String> candidates) {
        return scoreBatch(List.of(new ScoringRequest(history, candidates))).getFirst();
    }

    /** Scores several users at once (one model call where the implementation can). */
    List<float[]> scoreBatch(List<ScoringRequest> requests);

    /**
     * Scores candidates given as items (stable id and title), as the loop and the evaluation hold them, with how the
     * scores were obtained. Models that score ids use {@link #scoreBatch} in one call; a model that reads titles
     * (the LLM-only model) overrides this.
     */
    default List<ModelAnswer> answerBatch(List<TitledRequest> requests) {
        List<float[]> scores = scoreBatch(requests.stream().map(TitledRequest::ids).toList());
        return scores.stream().map(values -> new ModelAnswer(values, null)).toList();
    }

    /** {@link #answerBatch} for one user. */
    default ModelAnswer answer(List<Item> history, List<Item> candidates) {
        return answerBatch(List.of(new TitledRequest(history, candidates))).getFirst();
    }

    /**
     * What identifies this model's behaviour in a run manifest: an ONNX file's sha256, the LLM's model id, the
     * endpoint's address.
     */
    default String provenance() {
        return name();
    }

    /** The k best candidates, best first; ties keep candidate order. */
    default List<ScoredItem> topK(List<String> history, List<String> candidates, int k) {
        float[] scores = score(history, candidates);
        List<ScoredItem> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < scores.length; i++) {
            ranked.add(new ScoredItem(candidates.get(i), scores[i]));
        }
        ranked.sort(Comparator.comparing(ScoredItem::score).reversed());
        return List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
    }
}
