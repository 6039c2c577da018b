package dev.afl.model.remote;

/**
 * The remote recommendation model did not answer after its retries (HTTP 429/5xx, timeouts, connection errors),
 * or asked to be retried later than the configured cap. Transient: the functions' state machine retries the step.
 */
public class RemoteModelUnavailableException extends RemoteModelException {

    public RemoteModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
