package dev.afl.evaluation.usersim;

import java.util.List;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;

/**
 * One user-simulation configuration at one positives:negatives ratio. Micro figures pool all judgements; their
 * CIs resample users (a user's judgements are not independent). Macro figures average the users for whom each
 * figure is defined.
 *
 * @param method    reward-model, user-agent or afl
 * @param threshold  the reward score at or above which an item counts as liked (chosen on validation cases), used
 *                   by the reward model and shown to the agents
 * @param macro      the per-user figures averaged over the users for whom each is defined, with a CI resampling users
 * @param likedShare the share of the judgements that say "like", with a CI resampling users
 * @param f1ByRound  for AFL, the micro F1 of the user agent after r rounds of the loop (index r-1, Figure 4b), with
 *                   a CI resampling users; empty for the other methods
 */
public record UserSimulationResult(String dataset, String construction, String ratio, String method, String agents,
        int users, int judgements, double threshold, Estimate precision, Estimate recall, Estimate f1,
        MacroFigures macro, Estimate likedShare, CostLedger ledger, List<Estimate> f1ByRound) {

    /** Macro precision, recall and F1 with their CIs (NaN where no user defines the figure). */
    public record MacroFigures(Estimate precision, Estimate recall, Estimate f1) {
    }
}
