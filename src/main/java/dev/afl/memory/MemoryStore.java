package dev.afl.memory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The port through which the loop keeps sessions: the agents' memories and the transcript are the stored
 * rounds. Writes are idempotent, because steps are retried: creating an existing session with the same request,
 * or appending a round that is already stored, returns what is stored and writes nothing.
 */
public interface MemoryStore {

    Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Creates the session, or returns it if it exists with the same request. */
    Session create(String sessionId, SessionRequest request);

    /**
     * Appends round {@code n}: it must be the next round, or an already stored round (then the stored one is
     * returned unchanged). Refused once the session is terminal.
     */
    Session appendRound(String sessionId, RoundRecord round);

    /** Marks the session terminal; finishing again with the same outcome is a no-op. */
    Session finish(String sessionId, SessionStatus status, String finalItemId, String failure);

    Optional<Session> find(String sessionId);

    default Session require(String sessionId) {
        return find(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    static String checkId(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new dev.afl.AflException("Invalid session id '" + sessionId + "': use 1-128 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit.");
        }
        return sessionId;
    }
}
