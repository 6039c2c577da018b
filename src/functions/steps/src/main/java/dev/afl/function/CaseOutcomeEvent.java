package dev.afl.function;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.afl.evaluation.fanout.FanOutCase;

/**
 * The input of the {@code case-outcome} function: the fan-out item's case (a case-file line) and the session the
 * refinement loop played it under.
 */
public record CaseOutcomeEvent(String sessionId, @JsonProperty("case") FanOutCase fanOutCase) {
}
