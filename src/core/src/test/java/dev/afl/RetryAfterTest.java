package dev.afl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retry-After as delay seconds or as an HTTP date; anything else is no Retry-After. */
class RetryAfterTest {

    @Test
    void secondsAreTheWait() {
        assertThat(RetryAfter.parse("1")).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 120 ")).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0")).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-5")).as("a negative delay is no wait").contains(Duration.ZERO);
    }

    @Test
    void anHttpDateIsTheTimeUntilIt() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(60));
        assertThat(RetryAfter.parse(inAMinute)).hasValueSatisfying(wait -> assertThat(wait)
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).as("a date in the past").contains(Duration.ZERO);
    }

    @Test
    void anAbsentOrUnreadableHeaderIsNone() {
        assertThat(RetryAfter.parse(null)).isEmpty();
        assertThat(RetryAfter.parse("  ")).isEmpty();
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse("1.5")).isEmpty();
    }
}
