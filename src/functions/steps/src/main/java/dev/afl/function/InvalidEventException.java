package dev.afl.function;

import dev.afl.AflException;

/** An event a function cannot act on (missing or malformed fields); nothing is read or written for it. */
public class InvalidEventException extends AflException {

    public InvalidEventException(String message) {
        super(message);
    }
}
