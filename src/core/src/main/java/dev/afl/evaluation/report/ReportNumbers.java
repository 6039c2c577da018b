package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import java.util.Locale;

/**
 * How the report writes numbers: ratios with 4 decimals, estimates as {@code 0.3115 [0.2700, 0.3550]}, "n/a" for
 * undefined figures. The root locale keeps the decimal point a point whatever the machine's language.
 */
final class ReportNumbers {

    static final String NOT_AVAILABLE = "n/a";

    private ReportNumbers() {
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.4f", value);
    }

    static String estimate(Estimate estimate) {
        if (estimate == null || Double.isNaN(estimate.mean())) {
            return NOT_AVAILABLE;
        }
        return ratio(estimate.mean()) + " [" + ratio(estimate.ciLow()) + ", " + ratio(estimate.ciHigh()) + "]";
    }

    /** An estimate with two decimals, e.g. mean rounds {@code 1.75 [1.62, 1.90]}. */
    static String estimateTwoDecimals(Estimate estimate) {
        if (estimate == null || Double.isNaN(estimate.mean())) {
            return NOT_AVAILABLE;
        }
        return twoDecimals(estimate.mean()) + " [" + twoDecimals(estimate.ciLow()) + ", " + twoDecimals(estimate.ciHigh())
                + "]";
    }

    /** A count of a whole with the share's estimate: {@code 12 / 80: 0.1500 [0.0800, 0.2300]}. */
    static String countOf(int part, int whole, Estimate share) {
        return count(part) + " / " + count(whole) + ": " + estimate(share);
    }

    /**
     * HitRatio@1 with its exact fraction when every row is one case (the paper's lists), e.g.
     * {@code 0.2951 (36/122) [0.2213, 0.3770]}; the mean with its CI otherwise (or when the count is unknown).
     */
    static String hitRatio(Estimate estimate, Integer hits, int cases, boolean oneCasePerRow) {
        if (!oneCasePerRow || hits == null || estimate == null || Double.isNaN(estimate.mean())) {
            return estimate(estimate);
        }
        return ratio(estimate.mean()) + " (" + hits + "/" + cases + ") [" + ratio(estimate.ciLow()) + ", "
                + ratio(estimate.ciHigh()) + "]";
    }

    /** A p-value; below 0.0001 four decimals would print a misleading zero. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return NOT_AVAILABLE;
        }
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    /** A count with thousands separators, e.g. 1,234,567. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code part / whole (share)}, the share "n/a" when the whole is zero. */
    static String countOf(int part, int whole) {
        return count(part) + " / " + count(whole) + " (" + ratio(whole == 0 ? Double.NaN : part / (double) whole)
                + ")";
    }

    static String twoDecimals(double value) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.2f", value);
    }

    static String usd(double value) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.4f", value);
    }
}
