package dev.afl.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A conventional sequential recommender: scores candidate items for a user's history. The recommendation
 * agent asks it for its suggestion; the evaluation compares against it as the base model.
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
