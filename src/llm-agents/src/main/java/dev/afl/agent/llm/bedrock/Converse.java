package dev.afl.agent.llm.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * One agent message as Amazon Bedrock's Converse API carries it, both ways, in the one place that says so: the
 * system message is the request's {@code system}, the user message its one user message, the temperature and token
 * limit its {@code inferenceConfig}; the reply is the text of the answer's content blocks (null when there is none,
 * which the agents re-ask as an unusable answer) with the input and output tokens of its {@code usage}. As SDK objects
 * for the online call ({@link BedrockConverseCall}), and as the same JSON for whatever sends or reads Converse bodies
 * itself (a batch job's records).
 */
public final class Converse {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the agent's configuration adds to every request.
     *
     * @param temperature the sampling temperature (AFL_LLM_TEMPERATURE), or null for the model's default
     * @param maxTokens   the reply's token limit (AFL_LLM_MAX_TOKENS), or null for the model's default
     */
    public record Inference(Double temperature, Integer maxTokens) {

        boolean any() {
            return temperature != null || maxTokens != null;
        }
    }

    private Converse() {
    }

    /** The Converse request of one agent message to {@code modelId}. */
    public static ConverseRequest request(String modelId, String system, String user, Inference inference) {
        ConverseRequest.Builder request = ConverseRequest.builder().modelId(modelId)
                .system(SystemContentBlock.fromText(system))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(user)).build());
        if (inference.any()) {
            InferenceConfiguration.Builder config = InferenceConfiguration.builder();
            if (inference.temperature() != null) {
                config.temperature(inference.temperature().floatValue());
            }
            if (inference.maxTokens() != null) {
                config.maxTokens(inference.maxTokens());
            }
            request.inferenceConfig(config.build());
        }
        return request.build();
    }

    /** The same request as the JSON body of {@code POST /model/{modelId}/converse} (the model id is not in it). */
    public static ObjectNode requestBody(String system, String user, Inference inference) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").putArray("content").addObject().put("text", user);
        body.putArray("system").addObject().put("text", system);
        if (inference.any()) {
            ObjectNode config = body.putObject("inferenceConfig");
            if (inference.maxTokens() != null) {
                config.put("maxTokens", inference.maxTokens());
            }
            if (inference.temperature() != null) {
                config.put("temperature", inference.temperature().floatValue());
            }
        }
        return body;
    }

    /** The reply's text and token usage. */
    public static Result<String> result(ConverseResponse response) {
        List<String> texts = new ArrayList<>();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                texts.add(block.text());
            }
        }
        var usage = response.usage();
        return result(texts, usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens());
    }

    /** The reply's text and token usage from a Converse response body. */
    public static Result<String> result(JsonNode response) {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : response.path("output").path("message").path("content")) {
            texts.add(block.path("text").isTextual() ? block.get("text").asText() : null);
        }
        JsonNode usage = response.path("usage");
        return result(texts, usage.path("inputTokens").isIntegralNumber() ? usage.get("inputTokens").asInt() : null,
                usage.path("outputTokens").isIntegralNumber() ? usage.get("outputTokens").asInt() : null);
    }

    /**
     * The text blocks joined (a model may split its answer; other blocks, such as reasoning, are not the answer), or
     * null without any: an empty answer, never a failed call.
     */
    private static Result<String> result(List<String> texts, Integer inputTokens, Integer outputTokens) {
        List<String> present = texts.stream().filter(text -> text != null).toList();
        String content = present.isEmpty() ? null : String.join("", present);
        TokenUsage usage = inputTokens == null && outputTokens == null ? null
                : new TokenUsage(inputTokens, outputTokens);
        return Result.<String>builder().content(content).tokenUsage(usage).build();
    }
}
