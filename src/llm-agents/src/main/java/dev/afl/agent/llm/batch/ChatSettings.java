package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.agent.llm.LlmCassette;
import dev.afl.agent.llm.SamplingSeed;
import dev.afl.data.Checksums;
import dev.afl.json.AflJson;
import java.nio.charset.StandardCharsets;

/**
 * One agent's chat-completion settings, as the online client sends them ({@code quarkus.langchain4j.openai.<agent>
 * .chat-model.*}): a batch line's body is the body the online path would send for the same messages, so a batch
 * run asks the LLM exactly what an online run asks it.
 *
 * @param temperature      null: the provider's default (the field is left out, as the online client leaves it out)
 * @param maxTokens        null: no limit sent
 * @param topP             null: not sent
 * @param presencePenalty  null: not sent
 * @param frequencyPenalty null: not sent
 */
public record ChatSettings(String model, Double temperature, Integer maxTokens, Double topP, Double presencePenalty,
        Double frequencyPenalty) implements BatchRequests {

    private static final ObjectMapper JSON = AflJson.records();

    /** The chat-completions request body of one call. */
    @Override
    public ObjectNode body(String system, String user) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        if (temperature != null) {
            body.put("temperature", temperature);
        }
        if (topP != null) {
            body.put("top_p", topP);
        }
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        if (presencePenalty != null) {
            body.put("presence_penalty", presencePenalty);
        }
        if (frequencyPenalty != null) {
            body.put("frequency_penalty", frequencyPenalty);
        }
        // A repeat run's seed (experiment --repeats), as the online path's request filter writes it.
        Integer seed = SamplingSeed.current();
        if (seed != null) {
            body.put("seed", seed);
        }
        return body;
    }

    /** What identifies a request across jobs and runs: the hash of its whole body. */
    public static String key(ObjectNode body) {
        return Checksums.sha256(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The settings a cassette keys its replies by. */
    public LlmCassette.Settings cassette() {
        return new LlmCassette.Settings(model, temperature, maxTokens);
    }
}
