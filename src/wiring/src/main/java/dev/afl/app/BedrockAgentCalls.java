package dev.afl.app;

import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.LlmCassette;
import dev.afl.agent.llm.bedrock.BedrockConverseCall;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import dev.afl.agent.llm.bedrock.Converse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which agents ask their LLM on Amazon Bedrock ({@code afl.llm.provider}, or the agent's own), with what settings,
 * and their Bedrock calls: one SDK client per agent's settings, made once and closed with the application, so its
 * connections are reused from call to call and no call pays for building it.
 */
@ApplicationScoped
public class BedrockAgentCalls {

    private final AflConfig config;
    private final ConcurrentMap<BedrockSettings, BedrockConverseCall> calls = new ConcurrentHashMap<>();

    @Inject
    public BedrockAgentCalls(AflConfig config) {
        this.config = config;
    }

    /** Whether {@code agent} ({@code recommender} or {@code user}) asks Bedrock. */
    public boolean asksBedrock(String agent) {
        Optional<AflConfig.LlmProvider> own = switch (agent) {
            case "recommender" -> config.llm().recommender().provider();
            case "user" -> config.llm().user().provider();
            default -> throw new IllegalArgumentException("no agent " + agent);
        };
        return own.orElse(config.llm().provider()) == AflConfig.LlmProvider.BEDROCK;
    }

    /** The agent's Bedrock settings: its model and inference settings, its region and endpoint, else the shared. */
    public BedrockSettings settings(String agent, LlmCassette.Settings model, Duration callDeadline) {
        AflConfig.Bedrock shared = config.llm().bedrock();
        Optional<String> region = switch (agent) {
            case "recommender" -> config.llm().recommender().bedrockRegion();
            case "user" -> config.llm().user().bedrockRegion();
            default -> throw new IllegalArgumentException("no agent " + agent);
        };
        Optional<String> endpoint = switch (agent) {
            case "recommender" -> config.llm().recommender().bedrockEndpoint();
            case "user" -> config.llm().user().bedrockEndpoint();
            default -> throw new IllegalArgumentException("no agent " + agent);
        };
        return new BedrockSettings(agent, model.model(), region.or(shared::region).map(String::strip),
                BedrockSettings.endpoint(agent, endpoint.or(shared::endpoint)),
                new Converse.Inference(model.temperature(), model.maxTokens()), callDeadline);
    }

    /**
     * The call for these settings. Its client is made now, outside any call's deadline, unless {@code lazily} (a
     * cassette that replays: the LLM is never asked, and needs no region or credentials).
     */
    public LlmCall call(BedrockSettings settings, boolean lazily) {
        if (!lazily) {
            return client(settings);
        }
        return (system, user) -> client(settings).chat(system, user);
    }

    private BedrockConverseCall client(BedrockSettings settings) {
        return calls.computeIfAbsent(settings, BedrockConverseCall::new);
    }

    @PreDestroy
    void close() {
        calls.values().forEach(BedrockConverseCall::close);
        calls.clear();
    }
}
