package dev.afl.app;

import dev.afl.agent.llm.batch.BatchJobs;
import dev.afl.agent.llm.batch.BatchRequests;
import dev.afl.agent.llm.batch.BedrockBatchApi;
import dev.afl.agent.llm.batch.BedrockBatchSettings;
import dev.afl.agent.llm.batch.ConverseRequests;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import dev.afl.agent.llm.batch.BatchRun;
import dev.afl.agent.llm.batch.BatchSettings;
import dev.afl.agent.llm.batch.ChatSettings;
import dev.afl.agent.llm.batch.OpenAiBatchApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Starts batch mode ({@code experiment --llm-mode batch}): each agent's calls go to the OpenAI Batch API of the
 * endpoint, with the key, model and sampling settings its online calls use (the same
 * {@code quarkus.langchain4j.openai.<agent>.*} settings), so each batch line's body is the online request's; a
 * Bedrock agent's go to Bedrock batch inference ({@link BedrockBatchApi}) with its online calls' model, region and
 * inference settings, and the bucket and role of AFL_BEDROCK_BATCH_* ({@link BedrockBatchSettings}).
 */
@ApplicationScoped
public class BatchLlms {

    /** The batch API's own HTTP calls (an upload or download of a large file included). */
    static final Duration BATCH_API_DEADLINE = Duration.ofMinutes(5);
    private static final List<String> AGENTS = List.of("recommender", "user");

    @Inject
    Config config;

    @Inject
    AgentFactory agents;

    @Inject
    BedrockAgentCalls bedrock;

    /**
     * Puts the agents made from now on in batch mode.
     *
     * @param folder    where the run's jobs are recorded (in its work dir), so a rerun picks them up
     * @param pollEvery how often a running job is read
     */
    public BatchRun start(Path folder, Duration pollEvery, PrintStream progress) {
        BatchSettings settings = BatchSettings.polling(pollEvery, BATCH_API_DEADLINE);
        Map<String, BatchJobs> jobs = new LinkedHashMap<>();
        Map<String, BatchRequests> chats = new LinkedHashMap<>();
        for (String agent : AGENTS) {
            Optional<BedrockSettings> onBedrock = agents.bedrockSettings(agent);
            if (onBedrock.isPresent()) {
                BedrockSettings model = onBedrock.get();
                BedrockBatchSettings where = BedrockBatchSettings.of(name -> config.getOptionalValue(name,
                        String.class));
                jobs.put(agent, new BatchJobs(agent, BedrockBatchApi.of(model, where, settings.callDeadline(),
                        bedrock.call(model, false)), folder, List.of(), settings, progress));
                chats.put(agent, new ConverseRequests(model.inference()));
                continue;
            }
            String prefix = "quarkus.langchain4j.openai." + agent + ".";
            String key = config.getValue(prefix + "api-key", String.class);
            jobs.put(agent, new BatchJobs(agent, new OpenAiBatchApi(config.getValue(prefix + "base-url", String.class),
                    key, settings.callDeadline()), folder, List.of(key), settings, progress));
            String chat = prefix + "chat-model.";
            // The online client's defaults where nothing is set (quarkus-langchain4j's ChatModelConfig).
            chats.put(agent, new ChatSettings(config.getValue(chat + "model-name", String.class),
                    optional(chat + "temperature", Double.class).orElse(null),
                    optional(chat + "max-tokens", Integer.class).orElse(null),
                    optional(chat + "top-p", Double.class).orElse(1.0),
                    optional(chat + "presence-penalty", Double.class).orElse(0.0),
                    optional(chat + "frequency-penalty", Double.class).orElse(0.0)));
        }
        BatchRun run = new BatchRun(jobs, chats, settings);
        agents.sendInBatches(run::call, run.callDeadline());
        return run;
    }

    private <T> Optional<T> optional(String name, Class<T> type) {
        return config.getOptionalValue(name, type);
    }
}
