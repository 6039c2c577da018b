package dev.afl.evaluation;

import dev.afl.evaluation.PairedComparison.Status;
import dev.afl.evaluation.PairedComparison.Tests;
import dev.afl.evaluation.PlannedComparison.Identical;
import dev.afl.evaluation.PlannedComparison.SameAs;
import dev.afl.evaluation.PlannedComparison.Unknown;
import dev.afl.evaluation.stats.ClusteredMcNemar;
import dev.afl.evaluation.stats.ClusteredPairs;
import dev.afl.evaluation.stats.Holm;
import dev.afl.evaluation.stats.SignFlipTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparisons one report makes, tested as a family: which are tested at all, their two clustered tests, and
 * Holm's adjustment over the tested ones. The rule for leaving a comparison out:
 *
 * <ul>
 * <li>Its configurations are identical by construction (the offline Rec Agent is the base model) and the outcomes
 * agree on every case: the null hypothesis is true by construction, so a test can only add a false positive or
 * nothing.</li>
 * <li>It is by construction the same comparison as one earlier in the family (offline, AFL against AFL without
 * the reward model is AFL against the Rec Agent) and its per-cluster outcomes are that one's: it is the same
 * hypothesis on the same data, counted once.</li>
 * <li>Its outcomes agree on every case. Conditional on the data, both tests then give p = 1 whatever the truth
 * (the sign-flip test has one pattern, the McNemar statistic is 0), so the comparison cannot reject and leaving it
 * out of Holm's m keeps the family's error rate (Tarone's 1990 argument for tests that cannot reach
 * significance).</li>
 * </ul>
 *
 * An identity the configurations promise but the outcomes contradict is tested like any other comparison, with a
 * note saying so: a contradicted identity is a finding (a tie broken by position, a bug), not a reason to hide
 * the test.
 */
public final class ComparisonFamily {

    private ComparisonFamily() {
    }

    /** The family's comparisons in the order given, with the tested ones Holm-adjusted together. */
    public static List<PairedComparison> evaluate(List<PlannedComparison> family) {
        List<Status> statuses = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            PlannedComparison planned = family.get(i);
            ClusteredPairs pairs = planned.pairs();
            boolean agree = pairs.onlyFirst() + pairs.onlySecond() == 0;
            switch (planned.expectation()) {
                case Unknown unknown -> {
                    statuses.add(agree ? Status.NO_DISCORDANT_CASE : Status.TESTED);
                    notes.add("");
                }
                case Identical identical -> {
                    statuses.add(agree ? Status.IDENTICAL_BY_CONSTRUCTION : Status.TESTED);
                    notes.add(agree ? identical.reason() : "expected identical by construction ("
                            + identical.reason() + "), but the outcomes differ on "
                            + (pairs.onlyFirst() + pairs.onlySecond()) + " cases");
                }
                case SameAs same -> {
                    if (same.original() < 0 || same.original() >= i) {
                        throw new IllegalArgumentException("comparison " + i + " can only repeat an earlier one, not "
                                + same.original());
                    }
                    PlannedComparison original = family.get(same.original());
                    boolean repeats = pairs.sameCountsAs(original.pairs())
                            || pairs.sameCountsAs(original.pairs().swapped());
                    statuses.add(repeats ? Status.SAME_AS_ANOTHER : agree ? Status.NO_DISCORDANT_CASE : Status.TESTED);
                    notes.add((repeats ? "the same comparison as " : "expected to be the same comparison as ")
                            + original.label() + " (" + same.reason() + ")" + (repeats ? "" : ", but the outcomes differ"));
                }
            }
        }
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            if (statuses.get(i) == Status.TESTED) {
                tested.add(i);
            }
        }
        ClusteredMcNemar[] mcNemar = new ClusteredMcNemar[tested.size()];
        SignFlipTest[] signFlip = new SignFlipTest[tested.size()];
        double[] mcNemarP = new double[tested.size()];
        double[] signFlipP = new double[tested.size()];
        for (int t = 0; t < tested.size(); t++) {
            ClusteredPairs pairs = family.get(tested.get(t)).pairs();
            mcNemar[t] = ClusteredMcNemar.of(pairs);
            signFlip[t] = SignFlipTest.of(pairs.meanDifferences());
            mcNemarP[t] = mcNemar[t].p();
            signFlipP[t] = signFlip[t].p();
        }
        double[] mcNemarHolm = Holm.adjust(mcNemarP);
        double[] signFlipHolm = Holm.adjust(signFlipP);
        List<PairedComparison> results = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            ClusteredPairs pairs = family.get(i).pairs();
            int t = tested.indexOf(i);
            Tests tests = t < 0 ? null
                    : new Tests(mcNemar[t], mcNemarHolm[t], signFlip[t], signFlipHolm[t], tested.size());
            results.add(new PairedComparison(pairs.cases(), pairs.clusters(), pairs.onlyFirst(), pairs.onlySecond(),
                    pairs.discordantClusters(), statuses.get(i), notes.get(i), tests));
        }
        return results;
    }
}
