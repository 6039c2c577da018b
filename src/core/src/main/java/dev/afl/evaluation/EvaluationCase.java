package dev.afl.evaluation;

import java.util.List;

/**
 * One recommendation task of the protocol: a user's recent history, the candidates (the true next item among
 * sampled negatives, shuffled), the seed that drew them and which lists they are (the paper's, drawn from seed
 * 303, or a seeded draw of ours).
 */
public record EvaluationCase(String dataset, int row, List<String> history, List<String> candidates, String target,
        long seed, CandidateLists lists) {

    public EvaluationCase {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        lists = lists == null ? CandidateLists.SEEDS : lists;
    }

    /** A case of a seeded draw. */
    public EvaluationCase(String dataset, int row, List<String> history, List<String> candidates, String target,
            long seed) {
        this(dataset, row, history, candidates, target, seed, CandidateLists.SEEDS);
    }

    /**
     * The case's name in per-case result files (local runs and the fan-out alike): the row, and the seed of a
     * seeded draw or "paper" for the paper's list, so results of one protocol are never taken for the other's.
     */
    public String id() {
        return "row" + row + (lists == CandidateLists.PAPER ? "-paper" : "-seed" + seed);
    }

    /** Where the true item sits in the candidate list, for the position-bias analysis. */
    public enum TargetPosition { FIRST, RANDOM, LAST }

    /** The same case with the true item moved to the given place; the other candidates keep their order. */
    public EvaluationCase withTargetAt(TargetPosition position) {
        if (position == TargetPosition.RANDOM) {
            return this;
        }
        List<String> others = new java.util.ArrayList<>(candidates);
        others.remove(target);
        if (position == TargetPosition.FIRST) {
            others.addFirst(target);
        } else {
            others.addLast(target);
        }
        return new EvaluationCase(dataset, row, history, others, target, seed, lists);
    }
}
