package dev.afl.agent.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * The LLM answered HTTP 429 or 503 and said when to come back ({@code Retry-After}). An {@link HttpException}, so
 * LangChain4j classifies it by its status as it does any other (429: a rate limit); {@link LlmExchange} reads the
 * wait from it.
 */
public class LlmBusyException extends HttpException {

    private final Duration retryAfter;

    public LlmBusyException(int status, Duration retryAfter, String body) {
        super(status, "HTTP " + status + ", Retry-After " + retryAfter.toSeconds() + " s" + snippet(body));
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "\u2026" : line);
    }
}
