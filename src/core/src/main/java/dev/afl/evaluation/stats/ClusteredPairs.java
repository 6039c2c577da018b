package dev.afl.evaluation.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two configurations' binary outcomes on the same cases, counted per cluster: the unit of independence (a test
 * row, whose cases over candidate seeds share the history; a user, whose judgements share the person). Only what
 * the paired tests need is kept: each cluster's number of cases and of discordant cases in each direction.
 */
public final class ClusteredPairs {

    private final int[] cases;
    private final int[] onlyFirst;
    private final int[] onlySecond;

    private ClusteredPairs(int[] cases, int[] onlyFirst, int[] onlySecond) {
        this.cases = cases;
        this.onlyFirst = onlyFirst;
        this.onlySecond = onlySecond;
    }

    /**
     * Groups paired outcomes by their cluster key, clusters in key order (so two comparisons of the same cases list
     * their clusters alike, whatever order the cases came in).
     *
     * @param clusters the cluster of each case
     * @param first    whether the first configuration succeeds on each case (hit, right judgement)
     * @param second   the same for the second configuration
     */
    public static <K extends Comparable<? super K>> ClusteredPairs of(List<K> clusters, boolean[] first,
            boolean[] second) {
        if (clusters.size() != first.length || first.length != second.length) {
            throw new IllegalArgumentException("paired outcomes need one cluster and two outcomes per case, got "
                    + clusters.size() + " clusters, " + first.length + " and " + second.length + " outcomes");
        }
        Map<K, int[]> counts = new TreeMap<>();
        for (int i = 0; i < first.length; i++) {
            int[] c = counts.computeIfAbsent(clusters.get(i), k -> new int[3]);
            c[0]++;
            c[1] += first[i] && !second[i] ? 1 : 0;
            c[2] += second[i] && !first[i] ? 1 : 0;
        }
        return ofCounts(counts.values().stream().mapToInt(c -> c[0]).toArray(),
                counts.values().stream().mapToInt(c -> c[1]).toArray(),
                counts.values().stream().mapToInt(c -> c[2]).toArray());
    }

    /** From per-cluster counts: cases, cases only the first gets right, cases only the second gets right. */
    public static ClusteredPairs ofCounts(int[] cases, int[] onlyFirst, int[] onlySecond) {
        if (cases.length == 0) {
            throw new IllegalArgumentException("no clusters to compare");
        }
        if (onlyFirst.length != cases.length || onlySecond.length != cases.length) {
            throw new IllegalArgumentException("need the three counts for every cluster");
        }
        for (int i = 0; i < cases.length; i++) {
            if (cases[i] < 1 || onlyFirst[i] < 0 || onlySecond[i] < 0 || onlyFirst[i] + onlySecond[i] > cases[i]) {
                throw new IllegalArgumentException("cluster " + i + " has " + cases[i] + " cases of which "
                        + onlyFirst[i] + " and " + onlySecond[i] + " discordant: impossible counts");
            }
        }
        return new ClusteredPairs(cases.clone(), onlyFirst.clone(), onlySecond.clone());
    }

    public int clusters() {
        return cases.length;
    }

    public int cases() {
        return Arrays.stream(cases).sum();
    }

    /** Cases only the first configuration gets right, over all clusters. */
    public int onlyFirst() {
        return Arrays.stream(onlyFirst).sum();
    }

    /** Cases only the second configuration gets right, over all clusters. */
    public int onlySecond() {
        return Arrays.stream(onlySecond).sum();
    }

    /** Clusters with at least one discordant case. */
    public int discordantClusters() {
        int n = 0;
        for (int i = 0; i < cases.length; i++) {
            n += onlyFirst[i] + onlySecond[i] > 0 ? 1 : 0;
        }
        return n;
    }

    public int casesIn(int cluster) {
        return cases[cluster];
    }

    /** {@code onlyFirst - onlySecond} of one cluster: its contribution to the difference in successes. */
    public int differenceIn(int cluster) {
        return onlyFirst[cluster] - onlySecond[cluster];
    }

    /** Each cluster's mean difference (first minus second, per case), in cluster order. */
    public double[] meanDifferences() {
        double[] d = new double[cases.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = differenceIn(i) / (double) cases[i];
        }
        return d;
    }

    /** The same counts with the two configurations swapped. */
    public ClusteredPairs swapped() {
        return new ClusteredPairs(cases, onlySecond, onlyFirst);
    }

    /** Whether every cluster has the same counts as in {@code other}, in the same order. */
    public boolean sameCountsAs(ClusteredPairs other) {
        return Arrays.equals(cases, other.cases) && Arrays.equals(onlyFirst, other.onlyFirst)
                && Arrays.equals(onlySecond, other.onlySecond);
    }

    @Override
    public String toString() {
        return "ClusteredPairs[clusters=" + clusters() + ", cases=" + cases() + ", onlyFirst=" + onlyFirst()
                + ", onlySecond=" + onlySecond() + "]";
    }
}
