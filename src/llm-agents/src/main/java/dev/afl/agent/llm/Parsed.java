package dev.afl.agent.llm;

/** The outcome of reading an LLM answer: a usable value with the answer's reason, or what was wrong. */
public sealed interface Parsed<T> {

    record Valid<T>(T value, String reason) implements Parsed<T> {
    }

    record Invalid<T>(String problem) implements Parsed<T> {
    }

    static <T> Parsed<T> invalid(String problem) {
        return new Invalid<>(problem);
    }
}
