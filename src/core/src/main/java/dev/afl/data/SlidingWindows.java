package dev.afl.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns time-ordered item sequences into next-item rows the way the LastFM reference train file is built:
 * for every position t of a sequence, history = the up to {@code maxHistory} items before t, next = item t.
 */
public final class SlidingWindows {

    private SlidingWindows() {
    }

    /** Rows for positions {@code from..to-1} of the sequence, numbered from {@code firstRow}. */
    public static List<SequenceRow> rows(List<String> sequence, int from, int to, int maxHistory, int firstRow) {
        List<SequenceRow> rows = new ArrayList<>(Math.max(0, to - from));
        for (int t = from; t < to; t++) {
            List<String> history = sequence.subList(Math.max(0, t - maxHistory), t);
            rows.add(new SequenceRow(firstRow + rows.size(), history, sequence.get(t)));
        }
        return rows;
    }
}
