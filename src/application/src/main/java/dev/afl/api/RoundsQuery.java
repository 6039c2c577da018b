package dev.afl.api;

import dev.afl.memory.MemoryStore;
import jakarta.validation.constraints.Pattern;

/**
 * The path and query parameters of a transcript page, checked like a body. Offset and limit are taken as text: a
 * number JAX-RS cannot convert would be answered 404 without naming the parameter.
 */
record RoundsQuery(
        @Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = SessionQuery.ID_MESSAGE) String id,
        @Pattern(regexp = "[0-9]{1,6}", message = "offset must be a whole number from 0 to 999999") String offset,
        // 1..MAX_PAGE (20), spelled out: a pattern is the one constraint that also refuses "ten" with one message.
        @Pattern(regexp = "[1-9]|1[0-9]|20",
                message = "limit must be a whole number from 1 to " + SessionResource.MAX_PAGE) String limit) {
}
