package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.afl.Deadline;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The recommend and judge functions hold their outside calls to the invocation's remaining time, less a margin to
 * store the step and answer, so they answer before Lambda kills them; a runtime that gives no deadline (no
 * context, or the local mock event server's, whose time left reads negative) sets none.
 */
class InvocationTimeTest {

    @Test
    void theDeadlineIsTheRemainingTimeLessTheMargin() {
        Deadline minute = InvocationTime.of(remaining(60_000));
        assertThat(minute.budget()).as("an attempt's time, which a retry can renew").isFalse();
        assertThat(minute.what()).isEqualTo("the function's invocation time");
        assertThat(minute.left()).isBetween(Duration.ofSeconds(54), Duration.ofSeconds(55));
        // A short invocation keeps a fifth back.
        assertThat(InvocationTime.of(remaining(1_000)).left()).isBetween(Duration.ofMillis(700),
                Duration.ofMillis(800));
    }

    @Test
    void noDeadlineWhereTheRuntimeGivesNone() {
        assertThat(InvocationTime.of(null)).isNull();
        assertThat(InvocationTime.of(remaining(-1_700_000_000_000L))).isNull();
        assertThat(InvocationTime.of(remaining(0))).isNull();
    }

    private static Context remaining(long millis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                            millis));
                    case "toString" -> "context";
                    default -> null;
                });
    }
}
