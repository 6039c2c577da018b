package dev.afl.agent.llm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the scripted chat server for a Quarkus test and points both agents' LLM configurations at it. */
public class ScriptedChatServerResource implements QuarkusTestResourceLifecycleManager {

    static ScriptedChatServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        return configFor(server);
    }

    /** The configuration that points both agents at a scripted server, in LLM mode. */
    public static Map<String, String> configFor(ScriptedChatServer server) {
        return configFor(server.baseUrl());
    }

    /** The same for any chat-completions server at {@code baseUrl}. */
    public static Map<String, String> configFor(String baseUrl) {
        return Map.ofEntries(
                Map.entry("quarkus.langchain4j.openai.recommender.base-url", baseUrl),
                Map.entry("quarkus.langchain4j.openai.user.base-url", baseUrl),
                Map.entry("quarkus.langchain4j.openai.recommender.api-key", "test-key"),
                Map.entry("quarkus.langchain4j.openai.user.api-key", "test-key"),
                Map.entry("quarkus.langchain4j.openai.recommender.chat-model.model-name", "scripted-recommender"),
                Map.entry("quarkus.langchain4j.openai.user.chat-model.model-name", "scripted-user"),
                Map.entry("quarkus.langchain4j.openai.recommender.timeout", "2s"),
                Map.entry("quarkus.langchain4j.openai.user.timeout", "2s"),
                Map.entry("afl.agents.mode", "llm"),
                Map.entry("afl.llm.model", "scripted"),
                Map.entry("afl.llm.backoff", "5ms"),
                // Test classes share their agents: a case whose calls all fail must not rest the LLM for the next.
                Map.entry("afl.llm.unavailable-cooldown", "0s"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
