package dev.afl.evaluation;

import java.util.List;

/** HitRatio@1: whether the single recommended item is the user's true next item. */
public final class HitRatio {

    private HitRatio() {
    }

    /** 1 when the answer is the target, else 0 (a missing answer is a miss). */
    public static double atOne(String answer, String target) {
        return target.equals(answer) ? 1.0 : 0.0;
    }

    /** The index of the best score; ties go to the earliest candidate. */
    public static int argMax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The share of hits over a set of answers and targets of equal length. */
    public static double mean(List<String> answers, List<String> targets) {
        if (answers.size() != targets.size() || answers.isEmpty()) {
            throw new IllegalArgumentException("need equally many answers and targets, at least one");
        }
        double hits = 0;
        for (int i = 0; i < answers.size(); i++) {
            hits += atOne(answers.get(i), targets.get(i));
        }
        return hits / answers.size();
    }
}
