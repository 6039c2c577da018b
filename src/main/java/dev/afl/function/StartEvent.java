package dev.afl.function;

import java.util.List;

/**
 * The input of the {@code start} function (and of the state machine): who the user is and what to choose from.
 *
 * @param maxRounds optional; the configured default (4) when absent
 */
public record StartEvent(String sessionId, String dataset, List<ItemRef> history, List<ItemRef> candidates,
        Integer maxRounds) {
}
