package dev.afl.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A refinement session: the request, the completed rounds, the round in progress, and the outcome once
 * terminal.
 *
 * @param pending     the round in progress between serverless steps, or null
 * @param finalItemId the last proposal (the paper's answer), or null while running
 * @param failure     why a FAILED session failed, or null
 * @param updatedAt   the last change of the session's rounds or outcome (the result event's {@code finishedAt})
 * @param resultPublishedAt when the state machine recorded that the session's result event was on the bus, or null:
 *                    a later delivery of the same request publishes nothing (recording it changes no
 *                    {@code updatedAt}, so an event published again is the very same); left out of the JSON
 *                    while null, as it stays for sessions played in-process (command line, API)
 */
public record Session(String id, SessionRequest request, List<RoundRecord> rounds, PendingRound pending,
        SessionStatus status, String finalItemId, String failure, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant resultPublishedAt) {

    public Session {
        rounds = List.copyOf(rounds);
    }

    /** The number of the round being played or to be played next. */
    public int nextRound() {
        return rounds.size() + 1;
    }

    public boolean lastRoundAccepted() {
        return !rounds.isEmpty() && rounds.getLast().accepted();
    }
}
