package dev.afl;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long an HTTP client waits before a retry: the initial delay doubled for each retry, up to half again at
 * random (so clients that failed together do not retry together), never beyond {@code cap}, and never less than
 * what the server asked for with {@link RetryAfter}. Both retrying clients (the LLM agents' and the remote
 * recommendation model's) wait by it.
 */
public record Backoff(Duration initial, Duration cap) {

    /** The wait in milliseconds before retry {@code retry} (1 for the first), at least {@code asked}. */
    public long waitMillis(int retry, Duration asked) {
        long capMillis = cap.toMillis();
        long delay = Math.min(capMillis, initial.toMillis() << Math.min(retry - 1, 30));
        long jittered = delay + (delay > 0 ? ThreadLocalRandom.current().nextLong(delay / 2 + 1) : 0);
        return Math.max(Math.min(capMillis, jittered), asked.toMillis());
    }
}
