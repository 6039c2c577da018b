package dev.afl.function;

import dev.afl.model.remote.ScriptedScoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions' resources (dynalite, the scripted LLM) with the recommendation model chosen by configuration:
 * {@code afl.models.recommendation=remote}, answered by a local server speaking the remote model's contract.
 */
public class RemoteModelResources extends ServerlessResources {

    static ScriptedScoreServer remote;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            remote = new ScriptedScoreServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("afl.models.recommendation", "remote");
        config.put("afl.models.remote.url", remote.url());
        config.put("afl.models.remote.retries", "1");
        config.put("afl.models.remote.backoff", "1ms");
        return config;
    }

    @Override
    public void stop() {
        if (remote != null) {
            remote.close();
        }
        super.stop();
    }
}
