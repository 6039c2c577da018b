package dev.afl.function;

import dev.afl.Dynalite;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.reliability.FaultyDynamoProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ServerlessResources} with faults within reach: the functions' DynamoDB client talks to dynalite through a
 * {@link FaultyDynamoProxy}, and the scripted LLM can time out (1 s call timeout). LLM failures fail the step
 * (on-unavailable=fail, no call retry of our own), so the state machine's Retry and Catch handle them. The
 * functions' DynamoDB client keeps the SDK's DynamoDB retry policy (9 attempts; a call throttled through all of
 * them gives up after about 50 s, which is why persistent throttling is injected at the bridge).
 */
public class FaultyServerlessResources implements QuarkusTestResourceLifecycleManager {

    static Dynalite dynalite;
    static FaultyDynamoProxy proxy;
    static ScriptedChatServer llm;

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        try {
            proxy = new FaultyDynamoProxy(dynalite.endpoint());
            llm = new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(dynalite.quarkusConfig());
        config.put("quarkus.dynamodb.endpoint-override", proxy.endpoint().toString());
        for (String agent : new String[] {"recommender", "user"}) {
            config.put("quarkus.langchain4j.openai." + agent + ".base-url", llm.baseUrl());
            config.put("quarkus.langchain4j.openai." + agent + ".api-key", "test-key");
            config.put("quarkus.langchain4j.openai." + agent + ".chat-model.model-name", "scripted-" + agent);
            config.put("quarkus.langchain4j.openai." + agent + ".timeout", "1s");
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
        if (proxy != null) {
            proxy.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
