package dev.afl.agent.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RewardSignal;
import dev.afl.agent.llm.LlmPolicy;
import dev.afl.agent.llm.LlmUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.catalog.Item;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LLM agent whose calls go out in batches keeps the online retry policy: a failed line is retried in the next
 * batch, within afl.llm.call-retries, then the agent takes its fallback; an HTTP 400 line is not retried.
 */
class BatchedAgentTest {

    private static final List<Item> HISTORY = List.of(new Item("1", "Portishead"), new Item("2", "Massive Attack"));
    private static final List<Item> CANDIDATES = List.of(new Item("10", "Radiohead"), new Item("11", "Muse"),
            new Item("12", "Air"));
    private static final LlmPolicy POLICY = new LlmPolicy(2, 2, Duration.ofMillis(5), Duration.ofSeconds(1), false,
            BatchJobsTest.FAST.callDeadlineInBatch(), Duration.ZERO);

    @Test
    void aLineThatKeepsFailingIsRetriedInTheNextBatchesThenTheFallbackIsTaken(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(conversation -> "Reason: sounds good.\nDecision: yes")) {
            server.script(BatchApiServer.Script.failing(Map.of(0, 500)), BatchApiServer.Script.failing(Map.of(0, 503)),
                    BatchApiServer.Script.failing(Map.of(0, 500)));
            Judgement judged = judge(server, dir);

            assertThat(server.jobs()).as("the first try and two retries, one batch each").hasSize(3);
            assertThat(judged.trace().fallback()).isTrue();
            assertThat(judged.trace().fallbackReason()).contains("failed after 3 tries", "HTTP 500");
        }
    }

    @Test
    void aLineFailedOnceIsAnsweredByTheNextBatch(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(conversation -> "Reason: sounds good.\nDecision: yes")) {
            server.script(BatchApiServer.Script.failing(Map.of(0, 500)));
            Judgement judged = judge(server, dir);

            assertThat(server.jobs()).hasSize(2);
            assertThat(judged.trace().fallback()).isFalse();
            assertThat(judged.accepted()).isTrue();
            assertThat(judged.reason()).isEqualTo("sounds good.");
        }
    }

    @Test
    void aBadRequestLineIsNotRetried(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(conversation -> "Reason: sounds good.\nDecision: yes")) {
            server.script(BatchApiServer.Script.failing(Map.of(0, 400)));
            Judgement judged = judge(server, dir);

            assertThat(server.jobs()).hasSize(1);
            assertThat(judged.trace().fallback()).isTrue();
            assertThat(judged.trace().fallbackReason()).contains("not retried");
        }
    }

    private static Judgement judge(BatchApiServer server, Path dir) {
        PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        BatchJobs jobs = new BatchJobs("user", new OpenAiBatchApi(server.baseUrl(), BatchApiServer.KEY,
                Duration.ofSeconds(10)), dir, List.of(BatchApiServer.KEY), BatchJobsTest.FAST, progress);
        try (BatchRun run = new BatchRun(Map.of("user", jobs), Map.of("user", BatchJobsTest.SETTINGS),
                BatchJobsTest.FAST)) {
            LlmUserAgent user = new LlmUserAgent(run.call("user"), PromptLibrary.of(PromptSet.PAPER), POLICY,
                    "batch-model", new RewardVerdict(3, 3));
            return user.judge(new JudgementTask(Domain.forDataset("lastfm"), 1, HISTORY, CANDIDATES,
                    CANDIDATES.get(1), "It fits.", RewardSignal.of(new float[] {2.5f, -1.0f, 0.3f}, 1), List.of()));
        }
    }
}
