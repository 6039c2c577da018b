package dev.afl.evaluation;

import dev.afl.evaluation.stats.PairedDesign;
import dev.afl.evaluation.stats.PairedPower;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The power a report states for one comparison: the smallest HitRatio@1 difference the clustered test detects with
 * 80% power at alpha 0.05 ({@link PairedPower}), for the design the two configurations' outcomes show (rows, cases
 * per row, the reference's hit rate, how often the two differ, how alike a row's differences are), beside the
 * difference the paper reports for it. It tells a reader whether "no significant gain" means "no gain" or "too few
 * rows".
 *
 * @param comparison                  what is compared, e.g. "AFL vs Base model"
 * @param minimumDetectableDifference the smallest difference detected with 80% power, or null (see {@code note})
 * @param paperDifference             the paper's figure for the same comparison (Table 4), or null where it has none
 * @param note                        why no difference is stated, or empty
 */
public record PowerLine(String dataset, String candidateLists, String recommendationModel, String comparison,
        int rows, int casesPerRow, double referenceRate, double intraRowCorrelation, double discordance,
        Double minimumDetectableDifference, Double paperDifference, String note) {

    /**
     * The power line of two configurations on the same cases.
     *
     * @param reference the reference configuration's hits (the base model), case by case
     * @param other     the compared configuration's hits on the same cases
     */
    public static <K> PowerLine of(String dataset, String candidateLists, String model, String comparison,
            List<K> rows, boolean[] reference, boolean[] other, Double paperDifference) {
        int discordant = 0;
        for (int i = 0; i < reference.length; i++) {
            discordant += reference[i] != other[i] ? 1 : 0;
        }
        int clusters = (int) rows.stream().distinct().count();
        int perRow = Math.max(1, (int) Math.round(reference.length / (double) Math.max(1, clusters)));
        if (discordant == 0 || clusters < 2) {
            return new PowerLine(dataset, candidateLists, model, comparison, clusters, perRow, rate(reference), 0, 0,
                    null, paperDifference, discordant == 0 ? "the two never differ on these cases (identical here):"
                            + " no test to have power" : "fewer than two rows");
        }
        PairedDesign design;
        try {
            design = PairedDesign.observed(rows, reference, other);
        } catch (IllegalArgumentException e) {
            return new PowerLine(dataset, candidateLists, model, comparison, clusters, perRow, rate(reference), 0,
                    discordant / (double) reference.length, null, paperDifference, "no design: " + e.getMessage());
        }
        OptionalDouble mdd = PairedPower.minimumDetectableDifference(design);
        return new PowerLine(dataset, candidateLists, model, comparison, design.clusters(), design.casesPerCluster(),
                design.baseRate(), design.intraClusterCorrelation(), design.discordance(),
                mdd.isPresent() ? mdd.getAsDouble() : null, paperDifference, mdd.isPresent() ? ""
                        : "not even the largest difference this design allows (" + String.format(java.util.Locale.ROOT,
                                "%.4f", design.maxDifference()) + ") is detected with 80% power");
    }

    private static double rate(boolean[] hits) {
        int n = 0;
        for (boolean hit : hits) {
            n += hit ? 1 : 0;
        }
        return hits.length == 0 ? Double.NaN : n / (double) hits.length;
    }
}
