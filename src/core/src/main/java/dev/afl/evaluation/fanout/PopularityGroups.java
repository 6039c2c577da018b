package dev.afl.evaluation.fanout;

import dev.afl.evaluation.PopularityBuckets;
import java.util.Map;

/**
 * The popularity groups of a dataset's items as the case file's sidecar ({@code <cases>.popularity.json}), so the
 * fan-out's aggregation reports popularity like a local run without loading the training split.
 */
public record PopularityGroups(String source, Map<String, String> groups) {

    /** The sidecar's key beside a case file's key: {@code cases/x.jsonl} -> {@code cases/x.popularity.json}. */
    public static String besides(String casesKey) {
        return (casesKey.endsWith(".jsonl") ? casesKey.substring(0, casesKey.length() - ".jsonl".length()) : casesKey)
                + ".popularity.json";
    }

    public static PopularityGroups of(PopularityBuckets buckets) {
        return new PopularityGroups(buckets.source(), new java.util.TreeMap<>(buckets.bucketById()));
    }

    public PopularityBuckets buckets() {
        return PopularityBuckets.of(groups, source);
    }
}
