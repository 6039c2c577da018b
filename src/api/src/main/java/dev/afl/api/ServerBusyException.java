package dev.afl.api;

import dev.afl.AflException;
import java.time.Duration;

/** Every background worker is busy and the queue is full: the client should come back after {@link #retryAfter()}. */
public class ServerBusyException extends AflException {

    private final Duration retryAfter;

    public ServerBusyException(int capacity, Duration retryAfter) {
        super("All " + capacity + " places for background refinements are taken: retry after " + retryAfter.toSeconds()
                + " s, or raise afl.api.async-workers / afl.api.async-queue on the server.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
