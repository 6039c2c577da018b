package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.Usage;
import java.util.List;

/**
 * What one case gave under one configuration, as appended to the per-case results file.
 *
 * @param itemAfterRound the answer had the method stopped after round r (index r-1); one entry for methods
 *                       without a loop. The last entry is the final answer.
 * @param valid          whether the final answer is the agent's own in-candidate choice (not a fallback)
 * @param judgements     the user agent's decisions with the reward model's view of each (for the audit)
 */
public record CaseOutcome(int row, long seed, String target, List<String> itemAfterRound, boolean valid,
        List<JudgementRecord> judgements, Usage usage) {

    public CaseOutcome {
        itemAfterRound = List.copyOf(itemAfterRound);
        judgements = List.copyOf(judgements);
    }

    public String finalItem() {
        return itemAfterRound.getLast();
    }

    public boolean hit() {
        return target.equals(finalItem());
    }

    /** Whether the answer after round {@code round} (1-based) is the target; rounds past the end keep the last answer. */
    public boolean hitAfter(int round) {
        return target.equals(itemAfterRound.get(Math.min(round, itemAfterRound.size()) - 1));
    }

    /**
     * One decision of the user agent.
     *
     * @param rewardRank 1-based rank of the judged item among the candidates by the reward model
     * @param fallback   whether the decision is the fallback verdict rather than the agent's own
     */
    public record JudgementRecord(int round, String itemId, int rewardRank, int candidates, boolean accepted,
            boolean fallback) {
    }
}
