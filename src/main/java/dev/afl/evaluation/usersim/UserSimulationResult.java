package dev.afl.evaluation.usersim;

import dev.afl.evaluation.ClassificationMetrics;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;

/**
 * One user-simulation configuration at one positives:negatives ratio. Micro figures pool all judgements; their
 * CIs resample users (a user's judgements are not independent). Macro figures average the users for whom each
 * figure is defined.
 *
 * @param method    reward-model, user-agent or afl
 * @param threshold the reward score at or above which an item counts as liked (chosen on validation cases), used
 *                  by the reward model and shown to the agents
 */
public record UserSimulationResult(String dataset, String construction, String ratio, String method, String agents,
        int users, int judgements, double threshold, Estimate precision, Estimate recall, Estimate f1,
        ClassificationMetrics macro, double likedShare, CostLedger ledger) {
}
