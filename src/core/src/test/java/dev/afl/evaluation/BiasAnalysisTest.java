package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase.TargetPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Popularity groups and target positions on hand-made data. */
class BiasAnalysisTest {

    @Test
    void itemsFallIntoHeadMiddleAndTailByTrainingCount() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(new Item("i" + i, "Item " + i));
        }
        // i9 occurs 9 times as a next item, i8 8 times, ... i0 never.
        List<SequenceRow> train = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < i; k++) {
                train.add(new SequenceRow(train.size(), List.of("i0"), "i" + i));
            }
        }
        Dataset dataset = new Dataset("toy", ItemCatalog.of("toy", items), Map.of(Split.TRAIN, train));
        PopularityBuckets buckets = PopularityBuckets.fromTraining(dataset);
        assertThat(buckets.bucketOf("i9")).isEqualTo(PopularityBuckets.HEAD);
        assertThat(buckets.bucketOf("i8")).isEqualTo(PopularityBuckets.HEAD);
        assertThat(buckets.bucketOf("i7")).isEqualTo(PopularityBuckets.MIDDLE);
        assertThat(buckets.bucketOf("i5")).isEqualTo(PopularityBuckets.MIDDLE);
        assertThat(buckets.bucketOf("i4")).isEqualTo(PopularityBuckets.TAIL);
        Map<String, Double> shares = buckets.shares(List.of("i9", "i9", "i6", "i0"));
        assertThat(shares.get(PopularityBuckets.HEAD)).isCloseTo(0.5, within(1e-12));
        assertThat(shares.get(PopularityBuckets.MIDDLE)).isCloseTo(0.25, within(1e-12));
        assertThat(shares.get(PopularityBuckets.TAIL)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void theTrueItemCanBePutFirstOrLast() {
        EvaluationCase c = new EvaluationCase("toy", 3, List.of("h"), List.of("a", "t", "b", "c"), "t", 7);
        assertThat(c.withTargetAt(TargetPosition.FIRST).candidates()).containsExactly("t", "a", "b", "c");
        assertThat(c.withTargetAt(TargetPosition.LAST).candidates()).containsExactly("a", "b", "c", "t");
        assertThat(c.withTargetAt(TargetPosition.RANDOM)).isSameAs(c);
        assertThat(c.withTargetAt(TargetPosition.LAST).seed()).isEqualTo(7);
    }
}
