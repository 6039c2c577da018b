package dev.afl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of a duration a person writes: a command's option ({@code --max-time}), a request's or an event's
 * {@code budget.maxWallTime}. Both the short form people type ({@code 30s}, {@code 5m}) and ISO-8601
 * ({@code PT30S}), which is what the stored sessions and the documents write.
 */
public final class DurationText {

    /** The accepted forms, as an error message names them. */
    public static final String FORMS = "a whole number with a unit, ms, s, m, h or d (500ms, 30s, 5m, 2h), or ISO-8601"
            + " (PT30S, PT2M)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

    private DurationText() {
    }

    /** The duration {@code text} says; an {@link IllegalArgumentException} naming the accepted forms otherwise. */
    public static Duration parse(String text) {
        String written = text == null ? "" : text.strip();
        Matcher shortForm = SHORT.matcher(written.toLowerCase(Locale.ROOT));
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(written);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + written + "' is not a duration: write " + FORMS + ".", e);
        }
    }
}
