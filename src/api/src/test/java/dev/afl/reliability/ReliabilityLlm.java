package dev.afl.reliability;

import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The scripted chat server for the reliability tests, with the failure settings they measure against: a short
 * call deadline (1 s), one call retry with a backoff long enough to see in
 * request timestamps, a Retry-After cap of 2 s, two re-asks, and the fallback when the LLM stays unavailable (the
 * documented local default). The OpenAI client tries each call once, as in production, so a failing call costs
 * one request.
 */
public class ReliabilityLlm implements QuarkusTestResourceLifecycleManager {

    /** Each call's deadline (AFL_LLM_TIMEOUT), as the client and the agents' policy both get it. */
    public static final long TIMEOUT_MILLIS = 1000;
    public static final long BACKOFF_MILLIS = 40;
    public static final int CALL_RETRIES = 1;
    public static final long MAX_RETRY_AFTER_SECONDS = 2;
    public static final int RE_ASKS = 2;

    static ScriptedChatServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(server));
        for (String agent : new String[] {"recommender", "user"}) {
            config.put("quarkus.langchain4j.openai." + agent + ".timeout", TIMEOUT_MILLIS + "ms");
        }
        config.put("afl.llm.backoff", BACKOFF_MILLIS + "ms");
        config.put("afl.llm.call-retries", Integer.toString(CALL_RETRIES));
        config.put("afl.llm.max-retry-after", MAX_RETRY_AFTER_SECONDS + "s");
        config.put("afl.llm.re-asks", Integer.toString(RE_ASKS));
        config.put("afl.llm.on-unavailable", "fallback");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
