package dev.afl.evaluation;

import java.util.List;

/**
 * The checks that the paper's candidate lists are the reference code's own, which a list drawn any other way
 * fails: the base HitRatio@1 of the published reference checkpoints on them, against what the authors' PyTorch
 * module scores on CPython's lists, and how many of the answers the reference run recorded are among their row's
 * candidates.
 *
 * @param dataset      the dataset whose test lists were checked
 * @param rows         the paper's test lists (one per row)
 * @param checkpoints  one score per imported reference checkpoint, empty when none was found
 * @param priorAnswers the recorded answers' check, or null where the reference published none (all but LastFM)
 * @param problems     why a part of the check could not run (a checkpoint that did not import), empty when none
 */
public record ProtocolCheck(String dataset, int rows, List<CheckpointScore> checkpoints, PriorAnswers priorAnswers,
        List<String> problems) {

    public ProtocolCheck {
        checkpoints = List.copyOf(checkpoints);
        problems = List.copyOf(problems);
    }

    /**
     * A reference checkpoint alone (the Base Model) on the paper's lists.
     *
     * @param expectedHits what the checkpoint's PyTorch module (eval mode) scores on CPython's lists, or null where
     *                     no such figure is known
     */
    public record CheckpointScore(String model, String checkpoint, String sha256, int hits, int rows,
            Integer expectedHits) {

        /** Whether the score equals the expected one; null without an expectation. */
        public Boolean asExpected() {
            return expectedHits == null ? null : expectedHits == hits;
        }
    }

    /**
     * The reference run's recorded answers ({@code generate}, a title, row i for test list i) among each row's 20
     * candidates. Recorded with dropout left on, they are not the model's top-1, but a list drawn any other way would
     * miss nearly all of them.
     *
     * @param missingRows the rows whose recorded answer is not among their candidates
     */
    public record PriorAnswers(String file, int amongCandidates, int rows, List<Integer> missingRows) {

        public PriorAnswers {
            missingRows = List.copyOf(missingRows);
        }
    }
}
