package dev.afl.function;

import dev.afl.Dynalite;
import dev.afl.agent.llm.ScriptedChatServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the functions need in a test: a DynamoDB-compatible server (dynalite) with the session table, and a
 * scripted OpenAI-compatible server for both agents. LLM failures fail the step (as in the deployed functions),
 * so the state machine's Retry and Catch are exercised.
 */
public class ServerlessResources implements QuarkusTestResourceLifecycleManager {

    static Dynalite dynalite;
    static ScriptedChatServer llm;

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        try {
            llm = new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(dynalite.quarkusConfig());
        for (String agent : new String[] {"recommender", "user"}) {
            config.put("quarkus.langchain4j.openai." + agent + ".base-url", llm.baseUrl());
            config.put("quarkus.langchain4j.openai." + agent + ".api-key", "test-key");
            config.put("quarkus.langchain4j.openai." + agent + ".chat-model.model-name", "scripted-" + agent);
            config.put("quarkus.langchain4j.openai." + agent + ".timeout", "2s");
        }
        config.put("afl.agents.mode", "llm");
        config.put("afl.llm.model", "scripted");
        config.put("afl.llm.on-unavailable", "fail");
        config.put("afl.llm.call-retries", "0");
        config.put("afl.llm.backoff", "1ms");
        return config;
    }

    @Override
    public void stop() {
        if (llm != null) {
            llm.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
