package dev.afl.model;

import dev.afl.AflException;

/** A scoring request without any history item: sequential models have nothing to go on. */
public class EmptyHistoryException extends AflException {

    public EmptyHistoryException() {
        super("The history is empty: give at least one item the user interacted with (oldest first).");
    }
}
