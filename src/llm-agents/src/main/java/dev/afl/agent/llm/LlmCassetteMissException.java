package dev.afl.agent.llm;

import dev.afl.AflException;

/**
 * A replay ({@code AFL_LLM_CASSETTE=replay}) asked for a reply the cassette does not hold, or there is no cassette:
 * never a live call, never retried (the cassette will not change between tries), never a fallback. The message names
 * the cassette file and how to record it; the command line exits 6 for it.
 */
public class LlmCassetteMissException extends AflException {

    public LlmCassetteMissException(String message) {
        super(message);
    }
}
