package dev.afl.function;

import java.util.List;

/**
 * The input of the {@code start} function (and of the state machine): who the user is and what to choose from.
 *
 * @param maxRounds optional; the configured default (4) when absent
 * @param budget    optional limits on tokens, cost, wall time and rounds without improvement; the configured token
 *                  prices fill in missing prices
 */
public record StartEvent(String sessionId, String dataset, List<ItemRef> history, List<ItemRef> candidates,
        Integer maxRounds, dev.afl.memory.Budget budget) {

    /** A start event without a budget. */
    public StartEvent(String sessionId, String dataset, List<ItemRef> history, List<ItemRef> candidates,
            Integer maxRounds) {
        this(sessionId, dataset, history, candidates, maxRounds, null);
    }
}
