package dev.afl.agent.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an LLM is to be asked now: after a call to it has failed for good (every retry spent on 429/5xx, deadlines,
 * dropped connections), it rests for the policy's cool-down, and the agents take their fallback at once instead of
 * spending another turn's retries on it. Shared by the agents that call the same endpoint and model (the
 * {@code dev.afl.app.AgentFactory} keeps one per pair), so a dead or stalled LLM costs one turn's retries, not
 * every agent's every turn.
 */
public final class LlmAvailability {

    private record Rest(Instant since, Instant until, String why) {
    }

    private volatile Rest rest;

    /** Why the LLM is not to be asked now, if it rests. */
    Optional<String> resting(Duration cooldown) {
        Rest current = rest;
        if (current == null || !Instant.now().isBefore(current.until())) {
            return Optional.empty();
        }
        long ago = Duration.between(current.since(), Instant.now()).toSeconds();
        return Optional.of("not asked: a call failed for good " + ago + " s ago (" + current.why() + "); the LLM is"
                + " asked again " + cooldown.toSeconds() + " s after that (afl.llm.unavailable-cooldown)");
    }

    /** A call failed for good: rest for {@code cooldown} (zero: not at all). */
    void failedForGood(String why, Duration cooldown) {
        if (!cooldown.isZero()) {
            Instant now = Instant.now();
            rest = new Rest(now, now.plus(cooldown), why);
        }
    }
}
