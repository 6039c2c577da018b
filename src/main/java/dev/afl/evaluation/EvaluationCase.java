package dev.afl.evaluation;

import java.util.List;

/**
 * One recommendation task of the protocol: a user's recent history, the candidates (the true next item among
 * sampled negatives, shuffled), and the seed that drew them.
 */
public record EvaluationCase(String dataset, int row, List<String> history, List<String> candidates, String target,
        long seed) {

    public EvaluationCase {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
    }
}
