package dev.afl.prompt;

/** One rendered request to an agent's LLM: the system message and the user message. */
public record Prompt(String system, String user) {

    /** The same system message with another user message (a re-ask). */
    public Prompt withUser(String other) {
        return new Prompt(system, other);
    }
}
