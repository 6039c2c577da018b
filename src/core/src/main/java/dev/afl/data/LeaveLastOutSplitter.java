package dev.afl.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a raw dataset by user and time, for data that comes without reference splits: each user's last item
 * is a test row, the one before it a validation row, and every earlier position a training row (sliding
 * windows). Users with fewer than three items only contribute training rows.
 */
public final class LeaveLastOutSplitter {

    private LeaveLastOutSplitter() {
    }

    public static Dataset split(RawDataset raw, int maxHistory) {
        List<SequenceRow> train = new ArrayList<>();
        List<SequenceRow> valid = new ArrayList<>();
        List<SequenceRow> test = new ArrayList<>();
        for (List<String> sequence : raw.sequencesByUser().values()) {
            int n = sequence.size();
            if (n < 3) {
                train.addAll(SlidingWindows.rows(sequence, 0, n, maxHistory, train.size()));
                continue;
            }
            train.addAll(SlidingWindows.rows(sequence, 0, n - 2, maxHistory, train.size()));
            valid.addAll(SlidingWindows.rows(sequence, n - 2, n - 1, maxHistory, valid.size()));
            test.addAll(SlidingWindows.rows(sequence, n - 1, n, maxHistory, test.size()));
        }
        Map<Split, List<SequenceRow>> splits = new EnumMap<>(Split.class);
        splits.put(Split.TRAIN, train);
        splits.put(Split.VALID, valid);
        splits.put(Split.TEST, test);
        return new Dataset(raw.name(), raw.catalog(), splits);
    }
}
