package dev.afl.evaluation.stats;

import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Power of the clustered McNemar test, by simulation: how often it rejects at alpha when the other configuration
 * succeeds {@code difference} more often than the reference, for datasets drawn like the design (see
 * {@link PairedDesign} for the model). The minimum detectable difference is the smallest difference found with
 * the target power, by bisection over simulated powers that use the same random numbers at every difference (so
 * the estimated power curve is smooth in the difference). It says whether "no significant gain" means "no gain"
 * or "too few rows".
 *
 * <p>The clustered McNemar test stands for both clustered tests here: the sign-flip test's power is close to it
 * (both are calibrated on the simulated nulls of the test suite) and it is thousands of times cheaper to repeat.
 */
public final class PairedPower {

    public static final double ALPHA = 0.05;
    public static final double TARGET_POWER = 0.8;
    public static final int DEFAULT_SIMULATIONS = 2_000;
    public static final long DEFAULT_SEED = 20250713L;
    /** Bisection stops when the bracket is this narrow (a tenth of a HitRatio point). */
    static final double PRECISION = 1e-4;

    private PairedPower() {
    }

    /** The share of simulated datasets on which the clustered McNemar test rejects at {@code alpha}. */
    public static double power(PairedDesign design, double difference, double alpha, int simulations, long seed) {
        if (simulations < 1) {
            throw new IllegalArgumentException("need at least one simulation, got " + simulations);
        }
        DirichletMultinomialPairs model = new DirichletMultinomialPairs(design, difference);
        SplittableRandom random = new SplittableRandom(seed);
        int rejected = 0;
        for (int s = 0; s < simulations; s++) {
            double p = ClusteredMcNemar.of(model.draw(random)).p();
            rejected += p < alpha ? 1 : 0;
        }
        return rejected / (double) simulations;
    }

    /** The smallest difference detected with 80% power at alpha 0.05; empty when even the largest is not. */
    public static OptionalDouble minimumDetectableDifference(PairedDesign design) {
        return minimumDetectableDifference(design, ALPHA, TARGET_POWER, DEFAULT_SIMULATIONS, DEFAULT_SEED);
    }

    /**
     * The smallest difference (in success rate, other minus reference) whose simulated power reaches
     * {@code targetPower}; empty when even {@link PairedDesign#maxDifference()} falls short.
     */
    public static OptionalDouble minimumDetectableDifference(PairedDesign design, double alpha, double targetPower,
            int simulations, long seed) {
        if (!(alpha > 0 && alpha < 1) || !(targetPower > 0 && targetPower < 1)) {
            throw new IllegalArgumentException("alpha and the target power must be in (0, 1), got " + alpha + " and "
                    + targetPower);
        }
        double high = design.maxDifference();
        if (power(design, high, alpha, simulations, seed) < targetPower) {
            return OptionalDouble.empty();
        }
        double low = 0;
        while (high - low > PRECISION) {
            double middle = (low + high) / 2;
            if (power(design, middle, alpha, simulations, seed) >= targetPower) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return OptionalDouble.of(high);
    }
}
