package dev.afl.app;

import dev.afl.loop.LoopModels;
import dev.afl.loop.LoopParts;
import dev.afl.prompt.PromptSet;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The composition root of the loop: which models and agents the configuration ({@code afl.models.*},
 * {@code afl.agents.*}, {@code afl.llm.*}) picks. The API and the functions take the configured parts; the CLI
 * names its models and prompt set on the command line and takes the configured agents for them.
 */
@Singleton
public class LoopAssembly {

    private final AgentFactory agents;
    private final ConfiguredLoopModels models;

    @Inject
    public LoopAssembly(AgentFactory agents, ConfiguredLoopModels models) {
        this.agents = agents;
        this.models = models;
    }

    /** The configured models of any dataset, loaded on first use, and the configured agents. */
    public LoopParts configured() {
        return new LoopParts(models, agents.recommendationAgent(), agents.userAgent());
    }

    /** The given models with the configured agents, asked with the given prompt set. */
    public LoopParts with(LoopModels chosen, PromptSet prompts) {
        return new LoopParts(chosen, agents.recommendationAgent(prompts), agents.userAgent(prompts));
    }
}
