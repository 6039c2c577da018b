package dev.afl.function;

/**
 * The input of the recommend, reward and judge functions: which round of which session to play. The state
 * between steps stays this small; memory and transcript live in the session table.
 */
public record StepEvent(String sessionId, Integer round) {
}
