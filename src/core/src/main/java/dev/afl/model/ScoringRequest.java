package dev.afl.model;

import java.util.List;

/** One user's history (stable ids, oldest first) and the candidates to score for it. */
public record ScoringRequest(List<String> history, List<String> candidates) {

    public ScoringRequest {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
    }
}
