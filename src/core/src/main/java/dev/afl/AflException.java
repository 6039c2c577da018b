package dev.afl;

/**
 * An error the user can cause and fix: bad input, a missing file, a model that does not fit the data.
 * Its message always says what was wrong and how to fix it; adapters print it without a stack trace.
 */
public class AflException extends RuntimeException {

    public AflException(String message) {
        super(message);
    }

    public AflException(String message, Throwable cause) {
        super(message, cause);
    }
}
