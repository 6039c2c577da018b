package dev.afl.loop;

import dev.afl.memory.Session;
import java.util.Optional;

/**
 * A session as {@link FeedbackLoop#start} left it, and whether it was stored before: a new session, one that ended
 * already (answered as stored, nothing is run) or one resumed at its next round. The CLI and the API say the same
 * thing about the last two, each ending the sentence with what it does next.
 */
public record SessionStart(Session session, boolean storedBefore) {

    public boolean endedAlready() {
        return storedBefore && session.status().terminal();
    }

    /**
     * {@code Session s1 ended already (ACCEPTED after 3 rounds)} or {@code Resuming session s1 at round 3 (2 rounds
     * stored)}, without a final stop; empty for a new session.
     */
    public Optional<String> notice() {
        if (!storedBefore) {
            return Optional.empty();
        }
        int rounds = session.rounds().size();
        String plural = rounds == 1 ? "" : "s";
        return Optional.of(endedAlready()
                ? "Session " + session.id() + " ended already (" + session.status() + " after " + rounds + " round"
                        + plural + ")"
                : "Resuming session " + session.id() + " at round " + session.nextRound() + " (" + rounds + " round"
                        + plural + " stored)");
    }
}
