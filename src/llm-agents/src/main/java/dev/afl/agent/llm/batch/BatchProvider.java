package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/**
 * Where one agent's batch jobs run: the OpenAI Batch API ({@link OpenAiBatchApi}) or Amazon Bedrock batch inference
 * ({@link BedrockBatchApi}). {@link BatchJobs} does the rest the same way for both: the journal, the waiting, the
 * progress, resubmitting what an expired job left, and failed lines as the online failures.
 */
public interface BatchProvider extends AutoCloseable {

    /** What a result line holds: its request's id in the job and its answer, or no answer when it expired. */
    record ResultLine(String customId, BatchAnswer answer) {

        /** A line saying its request ran out of the job's window: it goes out again. */
        public boolean expired() {
            return answer == null;
        }
    }

    /**
     * Creates one job holding these requests (request bodies by their id in the job); returns the job as created.
     * An HTTP error is an {@code LlmHttpException}, as the online calls' are.
     */
    BatchJob submit(String agent, Map<String, ObjectNode> requestsById);

    /** The job as it stands now. */
    BatchJob job(String id);

    /** A finished job's result lines, one JSON object a line, kept in the journal as they are. */
    String results(BatchJob job);

    /** One result line; null when it is none of this provider's (unreadable lines are skipped). */
    ResultLine read(JsonNode line, Collection<String> secrets);

    /**
     * The fewest requests a job of this provider may hold; fewer are answered by {@link #answerOnline} instead.
     */
    default int minimumRequests() {
        return 1;
    }

    /**
     * Answers requests too few for a job, one online call each (at the online price); by request id. Only called
     * with fewer than {@link #minimumRequests()} requests.
     */
    default Map<String, BatchAnswer> answerOnline(Map<String, ObjectNode> requestsById) {
        throw new UnsupportedOperationException("this batch provider takes jobs of any size");
    }

    /** Releases the provider's clients (their connection pools); nothing by default. */
    @Override
    default void close() {
    }
}
