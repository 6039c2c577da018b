package dev.afl.evaluation;

import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items grouped by how often they occur in the training split (each row's next item is one interaction): the
 * 20% most frequent items are the head, the next 30% the middle, the remaining 50% the tail. The popularity-bias
 * analysis reports which share of recommended items falls in each group. Ties in count keep catalog order.
 */
public final class PopularityBuckets {

    public static final String HEAD = "top20";
    public static final String MIDDLE = "20to50";
    public static final String TAIL = "bottom50";

    private final Map<String, String> bucketById;
    private final String source;

    private PopularityBuckets(Map<String, String> bucketById, String source) {
        this.bucketById = bucketById;
        this.source = source;
    }

    /**
     * From the training split when the dataset has one; otherwise (Steam publishes none) from every item in
     * the validation and test rows, which {@link #source()} says.
     */
    public static PopularityBuckets of(Dataset dataset) {
        return dataset.has(Split.TRAIN) ? fromTraining(dataset) : fromEvaluationRows(dataset);
    }

    public static PopularityBuckets fromTraining(Dataset dataset) {
        Map<String, Integer> counts = new HashMap<>();
        for (SequenceRow row : dataset.rows(Split.TRAIN)) {
            counts.merge(row.next(), 1, Integer::sum);
        }
        return ranked(dataset, counts, "training interactions (each train row's next item)");
    }

    static PopularityBuckets fromEvaluationRows(Dataset dataset) {
        Map<String, Integer> counts = new HashMap<>();
        for (Split split : List.of(Split.VALID, Split.TEST)) {
            for (SequenceRow row : dataset.rows(split)) {
                row.history().forEach(id -> counts.merge(id, 1, Integer::sum));
            }
        }
        return ranked(dataset, counts, "interactions in the validation and test rows' histories (no training split)");
    }

    /** Groups already computed elsewhere (the fan-out reads them from the case file's sidecar). */
    public static PopularityBuckets of(Map<String, String> bucketById, String source) {
        for (Map.Entry<String, String> entry : bucketById.entrySet()) {
            if (!List.of(HEAD, MIDDLE, TAIL).contains(entry.getValue())) {
                throw new IllegalArgumentException("Item " + entry.getKey() + " is in unknown popularity group '"
                        + entry.getValue() + "'; the groups are " + List.of(HEAD, MIDDLE, TAIL) + ".");
            }
        }
        return new PopularityBuckets(Map.copyOf(bucketById), source);
    }

    /** Every item's group. */
    public Map<String, String> bucketById() {
        return bucketById;
    }

    /** What the counts came from. */
    public String source() {
        return source;
    }

    private static PopularityBuckets ranked(Dataset dataset, Map<String, Integer> counts, String source) {
        List<Item> ranked = dataset.catalog().items().stream()
                .sorted(Comparator.comparing((Item item) -> counts.getOrDefault(item.id(), 0)).reversed()).toList();
        Map<String, String> buckets = new HashMap<>();
        int size = ranked.size();
        for (int i = 0; i < size; i++) {
            buckets.put(ranked.get(i).id(), i < Math.round(size * 0.2) ? HEAD : i < Math.round(size * 0.5) ? MIDDLE : TAIL);
        }
        return new PopularityBuckets(buckets, source);
    }

    public String bucketOf(String itemId) {
        String bucket = bucketById.get(itemId);
        if (bucket == null) {
            throw new dev.afl.catalog.UnknownItemException(itemId, "the popularity buckets");
        }
        return bucket;
    }

    /**
     * The share of the given items in each group with its bootstrap 95% CI, resampling the units the items belong to
     * (the rows: a row's answers over candidate seeds are averaged first), in the order head, middle, tail.
     *
     * @param units the unit of each item (its row)
     */
    public <K> Map<String, Estimate> estimates(List<K> units, List<String> itemIds) {
        if (units.size() != itemIds.size()) {
            throw new IllegalArgumentException("need one unit per item");
        }
        Map<String, Estimate> shares = new LinkedHashMap<>();
        for (String bucket : List.of(HEAD, MIDDLE, TAIL)) {
            shares.put(bucket, itemIds.isEmpty() ? new Estimate(Double.NaN, Double.NaN, Double.NaN)
                    : BootstrapInterval.ofUnitMeans(units, itemIds.stream()
                            .mapToDouble(id -> bucketOf(id).equals(bucket) ? 1 : 0).toArray()));
        }
        return shares;
    }

    /** The share of the given (recommended) items in each group, in the order head, middle, tail. */
    public Map<String, Double> shares(List<String> itemIds) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String bucket : List.of(HEAD, MIDDLE, TAIL)) {
            shares.put(bucket, itemIds.isEmpty() ? 0.0
                    : itemIds.stream().filter(id -> bucketOf(id).equals(bucket)).count() / (double) itemIds.size());
        }
        return shares;
    }
}
