package dev.afl;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The wait an HTTP {@code Retry-After} header asks for (RFC 9110: delay seconds or an HTTP date). Both HTTP clients
 * that retry (the remote recommendation model's and the LLM agents') read it here.
 */
public final class RetryAfter {

    public static final String HEADER = "Retry-After";

    private RetryAfter() {
    }

    /** The wait asked for; a date in the past is no wait; empty when the header is absent or unreadable. */
    public static Optional<Duration> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
