package dev.afl.data;

import java.util.List;

/**
 * One row of a sequential split: the items a user interacted with (oldest first, stable ids) and the next one.
 *
 * @param row the row's number in its source file, kept so results can be traced back to the split
 */
public record SequenceRow(int row, List<String> history, String next) {

    public SequenceRow {
        history = List.copyOf(history);
    }
}
