package dev.afl.api;

import dev.afl.agent.llm.ScriptedChatServerResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The API with LLM agents answered by the scripted chat server, one background worker and no queue (so a second
 * submission finds the pool full), and failing LLM calls failing the refinement rather than falling back.
 */
public class LlmApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ApiProfile.served();
        config.put("afl.api.async-workers", "1");
        config.put("afl.api.async-queue", "0");
        config.put("afl.llm.on-unavailable", "fail");
        config.put("afl.llm.call-retries", "0");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScriptedChatServerResource.class));
    }
}
