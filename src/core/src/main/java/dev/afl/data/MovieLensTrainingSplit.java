package dev.afl.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the MovieLens training split that LLaRA did not publish: sliding windows (as in the LastFM train
 * file) over each user's time-ordered ratings in {@code u.data}, leaving out every user of the reference
 * validation and test rows. Those users are found by their 11-item window (history + next): first as a
 * contiguous run of the user's sequence, else as a subset of the user's items (rating times tie often).
 * A window that several users could own excludes them all: leaking a test user into training is worse
 * than losing a few training users.
 */
public final class MovieLensTrainingSplit {

    /** The rebuilt dataset and what the matching found. */
    public record Result(Dataset dataset, int excludedUsers, int unmatchedRows, int trainUsers) {
    }

    private MovieLensTrainingSplit() {
    }

    public static Result rebuild(Dataset reference, RawDataset ratings, int maxHistory) {
        Map<String, List<String>> sequences = ratings.sequencesByUser();
        Set<String> excluded = new LinkedHashSet<>();
        int unmatched = 0;
        for (Split split : List.of(Split.VALID, Split.TEST)) {
            for (SequenceRow row : reference.rows(split)) {
                List<String> window = new ArrayList<>(row.history());
                window.add(row.next());
                Set<String> owners = owners(window, sequences);
                if (owners.isEmpty()) {
                    unmatched++;
                }
                excluded.addAll(owners);
            }
        }
        List<SequenceRow> train = new ArrayList<>();
        int trainUsers = 0;
        for (Map.Entry<String, List<String>> entry : sequences.entrySet()) {
            if (excluded.contains(entry.getKey())) {
                continue;
            }
            List<String> sequence = entry.getValue();
            train.addAll(SlidingWindows.rows(sequence, 0, sequence.size(), maxHistory, train.size()));
            trainUsers++;
        }
        Map<Split, List<SequenceRow>> splits = new EnumMap<>(Split.class);
        splits.put(Split.TRAIN, train);
        splits.put(Split.VALID, reference.rows(Split.VALID));
        splits.put(Split.TEST, reference.rows(Split.TEST));
        return new Result(new Dataset(reference.name(), reference.catalog(), splits), excluded.size(), unmatched,
                trainUsers);
    }

    private static Set<String> owners(List<String> window, Map<String, List<String>> sequences) {
        Set<String> contiguous = new LinkedHashSet<>();
        Set<String> containing = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> entry : sequences.entrySet()) {
            List<String> sequence = entry.getValue();
            if (Collections.indexOfSubList(sequence, window) >= 0) {
                contiguous.add(entry.getKey());
            } else if (new HashSet<>(sequence).containsAll(window)) {
                containing.add(entry.getKey());
            }
        }
        return contiguous.isEmpty() ? containing : contiguous;
    }
}
