package dev.afl.evaluation;

/** A metric's mean with its 95% confidence interval. */
public record Estimate(double mean, double ciLow, double ciHigh) {
}
