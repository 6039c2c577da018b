package dev.afl.memory;

import java.time.Instant;
import java.util.List;

/**
 * A refinement session: the request, the rounds so far, and the outcome once terminal.
 *
 * @param finalItemId the last proposal (the paper's answer), or null while running
 * @param failure     why a FAILED session failed, or null
 */
public record Session(String id, SessionRequest request, List<RoundRecord> rounds, SessionStatus status,
        String finalItemId, String failure, Instant createdAt, Instant updatedAt) {

    public Session {
        rounds = List.copyOf(rounds);
    }

    public int nextRound() {
        return rounds.size() + 1;
    }
}
