package dev.afl.cli.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.agent.llm.ScriptedChatServer;

/**
 * Usage as an OpenAI-compatible provider reports it, for the scripted server: every message of the request it
 * received counted with the model family's tokenizer, plus the chat format's per-message and reply overhead.
 */
public final class ProviderUsage implements ScriptedChatServer.UsageCounter {

    private final ChatTokenCounter tokens;

    public ProviderUsage(String model) {
        this.tokens = ChatTokenCounter.forModel(model);
    }

    @Override
    public long promptTokens(JsonNode request) {
        long total = ChatTokenCounter.REPLY_PRIMING;
        for (JsonNode message : request.get("messages")) {
            total += ChatTokenCounter.PER_MESSAGE + tokens.text(message.get("content").asText());
        }
        return total;
    }

    @Override
    public long completionTokens(String content) {
        return tokens.text(content);
    }
}
