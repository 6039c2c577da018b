package dev.afl.agent.llm.batch;

import dev.afl.agent.llm.LlmCall;
import java.util.Locale;
import java.util.Map;

/**
 * The batch mode of one run: the collector every session's calls wait in, and each agent's batched call (one
 * instance per agent, however many agents are made from it).
 */
public final class BatchRun implements AutoCloseable {

    private final BatchCollector collector;
    private final Map<String, BatchJobs> jobs;
    private final Map<String, LlmCall> calls;
    private final BatchSettings settings;

    /** @param agents each agent's jobs and chat settings, by agent name ({@code recommender}, {@code user}) */
    public BatchRun(Map<String, BatchJobs> jobs, Map<String, ? extends BatchRequests> agents, BatchSettings settings) {
        this.collector = new BatchCollector();
        this.jobs = Map.copyOf(jobs);
        this.settings = settings;
        this.calls = Map.copyOf(agents.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, agent -> collector.call(jobs.get(agent.getKey()), agent.getValue()))));
    }

    /** The agent's call: it waits for its round's batch. */
    public LlmCall call(String agent) {
        LlmCall call = calls.get(agent);
        if (call == null) {
            throw new IllegalArgumentException("no batch settings for the agent " + agent);
        }
        return call;
    }

    /** Each call's deadline in batch mode, in place of AFL_LLM_TIMEOUT. */
    public java.time.Duration callDeadline() {
        return settings.callDeadlineInBatch();
    }

    public BatchCollector collector() {
        return collector;
    }

    /** What this run submitted, in one line. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        jobs.values().stream().sorted(java.util.Comparator.comparing(BatchJobs::agent)).forEach(agent -> text
                .append(text.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT, "%s: %d jobs, %d requests",
                        agent.agent(), agent.submittedJobs(), agent.submittedRequests())));
        return "Batch mode: " + collector.batches() + " rounds of calls; " + text;
    }

    @Override
    public void close() {
        collector.close();
        jobs.values().forEach(BatchJobs::close);
    }
}
