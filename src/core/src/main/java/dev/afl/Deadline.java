package dev.afl;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The moment by which a piece of work must be over, whatever its outside calls still wait for: the end of a
 * session's wall-time budget, or of the time a Lambda invocation has left. Set around the work with
 * {@link #within} by whoever knows it (the loop, a function handler), and read by the clients that call out (the
 * LLM exchange, the remote model), which cut a call in flight at it and start no retry after it; the clients need
 * not know where it came from. Nested deadlines: the earlier one holds.
 *
 * @param at     when the time is up
 * @param what   what runs out, for messages ("the session's time budget (PT10S)")
 * @param budget true for a session's own budget, which no retry can extend (a call cut by it takes its fallback);
 *               false for the time a caller gives this attempt (a Lambda invocation), after which the work can be
 *               retried in a new attempt (a call cut by it counts as the LLM being unavailable)
 */
public record Deadline(Instant at, String what, boolean budget) {

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    /** The deadline {@code left} from now. */
    public static Deadline in(Duration left, String what, boolean budget) {
        return new Deadline(Instant.now().plus(left), what, budget);
    }

    /** The deadline of the work this thread is doing, if any. */
    public static Optional<Deadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Does {@code work} with {@code deadline} as the current one (or the enclosing one, if that is earlier). */
    public static <T> T within(Deadline deadline, Supplier<T> work) {
        Deadline outer = CURRENT.get();
        if (deadline == null || outer != null && !outer.at.isAfter(deadline.at)) {
            return work.get();
        }
        CURRENT.set(deadline);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The time left, zero once it has passed. */
    public Duration left() {
        Duration left = Duration.between(Instant.now(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean passed() {
        return !Instant.now().isBefore(at);
    }

    /** The shorter of {@code timeout} and the time left. */
    public Duration cap(Duration timeout) {
        Duration left = left();
        return left.compareTo(timeout) < 0 ? left : timeout;
    }
}
