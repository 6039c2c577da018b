package dev.afl.data;

import dev.afl.AflException;

/** Data the command needs is not where it looked; the message says where to put it or how to point at it. */
public class MissingDataException extends AflException {

    public MissingDataException(String message) {
        super(message);
    }
}
