package dev.afl.model;

import dev.afl.AflException;

/** A model that cannot be loaded, or that does not fit the data it would score: it is refused, never guessed at. */
public class ModelLoadException extends AflException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
