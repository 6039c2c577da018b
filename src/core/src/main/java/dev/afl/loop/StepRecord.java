package dev.afl.loop;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One step the loop played (not one it found stored): what an operator wants per step, read from what the step
 * just wrote. Reported to the loop's {@link StepObserver}.
 *
 * @param round        the round the step belongs to (1-based)
 * @param duration     the step's wall time, from reading the session to its write
 * @param inputTokens  LLM prompt tokens the step spent (the agent's calls and its recommendation model's); 0 offline
 * @param outputTokens LLM completion tokens the step spent
 * @param fallback     whether the step's answer is an agent's named fallback rather than its own
 * @param outcome      what the step decided: {@code proposed}, {@code scored}, {@code accepted} or {@code rejected}
 */
public record StepRecord(String sessionId, int round, Kind step, Duration duration, long inputTokens,
        long outputTokens, boolean fallback, String outcome) {

    public StepRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The loop's steps within a round, each one serverless function. */
    public enum Kind {
        RECOMMEND, REWARD, JUDGE;

        /** The step's name as the functions and the state machine call it ({@code recommend}, ...). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }
}
