package dev.afl.memory;

import dev.afl.AflException;

/** A write that contradicts what is stored: a different request under an existing id, or a round out of order. */
public class SessionConflictException extends AflException {

    public SessionConflictException(String message) {
        super(message);
    }
}
