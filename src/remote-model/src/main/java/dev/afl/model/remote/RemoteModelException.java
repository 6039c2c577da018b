package dev.afl.model.remote;

import dev.afl.AflException;

/**
 * The remote recommendation model could not be used: a client error (HTTP 4xx), a redirect, or an answer that
 * breaks the JSON contract. Not retried: the same request would fail the same way. The message names the endpoint
 * and what to fix.
 */
public class RemoteModelException extends AflException {

    public RemoteModelException(String message) {
        super(message);
    }

    public RemoteModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
