package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.ProviderError;
import dev.afl.agent.llm.LlmHttpException;
import dev.langchain4j.internal.ExceptionMapper;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.util.Collection;

/**
 * What a batch gave one request: the reply, or the failure the online call would have ended in, so the one retry
 * layer ({@code LlmExchange}) treats a failed line as it treats a failed call (retried within the policy, then the
 * fallback; HTTP 400 not retried; 401/403 ends the run).
 */
public sealed interface BatchAnswer {

    record Replied(Result<String> result) implements BatchAnswer {
    }

    record Failed(RuntimeException failure) implements BatchAnswer {
    }

    /** A request the batch left without an answer (an error line without a response, an expired job). */
    final class Unanswered extends RuntimeException {

        public Unanswered(String message) {
            super(message);
        }
    }

    /**
     * Whether a line says its request ran out of the job's window ({@code batch_expired}): not a failure of the
     * request, which goes out again.
     */
    static boolean expired(JsonNode line) {
        return !line.path("response").isObject() && line.path("error").path("code").asText("").equals("batch_expired");
    }

    /** One line of a job's output or error file, with its {@code custom_id}. */
    static BatchAnswer ofLine(JsonNode line, Collection<String> secrets) {
        JsonNode response = line.path("response");
        if (!response.isObject()) {
            JsonNode error = line.path("error");
            return new Failed(new Unanswered("the batch left this request unanswered ("
                    + ProviderError.redact(error.path("code").asText("no code") + ": " + error.path("message")
                            .asText(""), secrets) + ")"));
        }
        int status = response.path("status_code").asInt();
        JsonNode body = response.path("body");
        if (status != 200) {
            return new Failed(ExceptionMapper.DEFAULT.mapException(new LlmHttpException(ProviderError.of(status,
                    body.isMissingNode() ? null : body.toString(), secrets))));
        }
        JsonNode choices = body.path("choices");
        JsonNode content = choices.isArray() && !choices.isEmpty() ? choices.get(0).path("message").path("content")
                : null;
        JsonNode usage = body.path("usage");
        return new Replied(Result.<String>builder().content(content == null || !content.isTextual() ? null
                : content.asText()).tokenUsage(new TokenUsage(usage.path("prompt_tokens").asInt(),
                usage.path("completion_tokens").asInt())).build());
    }
}
