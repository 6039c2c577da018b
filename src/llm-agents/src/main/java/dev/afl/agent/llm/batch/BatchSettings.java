package dev.afl.agent.llm.batch;

import dev.afl.AflException;
import java.time.Duration;

/**
 * How a batch run waits for its jobs; every wait is bounded.
 *
 * @param pollEvery     how often a job is read while it runs
 * @param longestWait   how long one job is waited for before its requests are given up in this run (its id stays
 *                      in the journal: a rerun picks it up); the completion window (24h) and an hour's grace
 * @param resubmissions how many times the requests an expired job left unanswered are submitted again
 * @param pollFailures  how many reads of a job in a row may fail (connection errors, HTTP 5xx/429) before its
 *                      requests are given up in this run
 * @param callDeadline  each HTTP call to the batch API (an upload or a download included)
 */
public record BatchSettings(Duration pollEvery, Duration longestWait, int resubmissions, int pollFailures,
        Duration callDeadline) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LONGEST_WAIT = Duration.ofHours(25);

    public BatchSettings {
        if (pollEvery.isNegative() || pollEvery.isZero() || longestWait.isNegative() || longestWait.isZero()
                || callDeadline.isNegative() || callDeadline.isZero()) {
            throw new AflException("The batch poll interval, longest wait and call deadline must be positive (got "
                    + pollEvery + ", " + longestWait + ", " + callDeadline + ").");
        }
        if (resubmissions < 0 || pollFailures < 0) {
            throw new AflException("The batch resubmissions and poll failures must not be negative (got "
                    + resubmissions + ", " + pollFailures + ").");
        }
    }

    /** The defaults with this poll interval and HTTP deadline. */
    public static BatchSettings polling(Duration pollEvery, Duration callDeadline) {
        return new BatchSettings(pollEvery, DEFAULT_LONGEST_WAIT, 2, 10, callDeadline);
    }

    /**
     * The deadline of one agent call in batch mode (the online AFL_LLM_TIMEOUT does not apply): the longest wait for
     * every job it may wait for (an earlier run's, its own, and each resubmission after an expiry), and a minute for
     * the local work.
     */
    public Duration callDeadlineInBatch() {
        return longestWait.multipliedBy(2L + resubmissions).plusMinutes(1);
    }
}
