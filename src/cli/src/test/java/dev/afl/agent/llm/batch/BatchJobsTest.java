package dev.afl.agent.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.agent.llm.LlmHttpException;
import dev.langchain4j.exception.NonRetriableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent's requests answered by batch jobs of a local Batch API server: lines, failures, expiry, resuming. */
class BatchJobsTest {

    static final ChatSettings SETTINGS = new ChatSettings("batch-model", 0.0, 400, 1.0, 0.0, 0.0);
    static final BatchSettings FAST = new BatchSettings(Duration.ofMillis(5), Duration.ofSeconds(30), 2, 3,
            Duration.ofSeconds(10));

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void everyRequestGoesOutInOneJobWithTheOnlineBodyAndComesBackWithItsReplyAndTokens(@TempDir Path dir)
            throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            Map<String, BatchAnswer> answers = jobs(server, dir).answer(requests("a", "b", "c"));

            assertThat(server.uploads()).isOne();
            assertThat(server.jobs()).hasSize(1);
            assertThat(server.jobs().getFirst()).extracting(line -> line.get("body"))
                    .containsExactlyElementsOf(requests("a", "b", "c").values());
            assertThat(answers).hasSize(3);
            for (Map.Entry<String, ObjectNode> request : requests("a", "b", "c").entrySet()) {
                BatchAnswer.Replied replied = (BatchAnswer.Replied) answers.get(request.getKey());
                String user = request.getValue().at("/messages/1/content").asText();
                assertThat(replied.result().content()).isEqualTo("reply to " + user);
                assertThat(replied.result().tokenUsage().inputTokenCount())
                        .isEqualTo(request.getValue().toString().length() / 4);
            }
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("submitted job batch_", "with 3 requests",
                    "completed: 3 answered, 0 failed");
        }
    }

    @Test
    void failedLinesComeBackAsTheFailuresTheOnlineCallsWouldHaveEndedIn(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            server.script(BatchApiServer.Script.failing(Map.of(1, 500, 2, 400)));
            Map<String, ObjectNode> requests = requests("a", "b", "c");
            List<String> keys = List.copyOf(requests.keySet());
            BatchJobs jobs = jobs(server, dir);

            Map<String, BatchAnswer> answers = jobs.answer(requests);

            assertThat(answers.get(keys.get(0))).isInstanceOf(BatchAnswer.Replied.class);
            RuntimeException serverError = ((BatchAnswer.Failed) answers.get(keys.get(1))).failure();
            assertThat(serverError).isNotInstanceOf(NonRetriableException.class);
            assertThat(cause(serverError, LlmHttpException.class).error().status()).isEqualTo(500);
            RuntimeException badRequest = ((BatchAnswer.Failed) answers.get(keys.get(2))).failure();
            assertThat(badRequest).as("an HTTP 400 is not retried, online or in a batch")
                    .isInstanceOf(NonRetriableException.class);

            // The retry of the failed line goes out again; the answered one is never asked twice.
            Map<String, BatchAnswer> retried = jobs.answer(Map.of(keys.get(0), requests.get(keys.get(0)),
                    keys.get(1), requests.get(keys.get(1))));
            assertThat(server.jobs()).hasSize(2);
            assertThat(server.jobs().get(1)).hasSize(1);
            assertThat(retried.values()).allMatch(BatchAnswer.Replied.class::isInstance);
        }
    }

    @Test
    void theRequestsAnExpiredJobLeftUnansweredAreSubmittedAgain(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            server.script(BatchApiServer.Script.expiring());
            Map<String, BatchAnswer> answers = jobs(server, dir).answer(requests("a", "b", "c", "d"));

            assertThat(server.jobs()).hasSize(2);
            assertThat(server.jobs().get(1)).as("only the unanswered half again").hasSize(2);
            assertThat(answers).hasSize(4).allSatisfy((key, answer) ->
                    assertThat(answer).isInstanceOf(BatchAnswer.Replied.class));
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("expired: 2 answered, 0 failed, 2"
                    + " unanswered (submitted again)");
        }
    }

    @Test
    void aRunKilledWhileItsJobRunsPicksTheJobUpByIdAndNeverSubmitsTwice(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            server.script(BatchApiServer.Script.held());
            Map<String, ObjectNode> requests = requests("a", "b");
            AtomicReference<Throwable> killed = new AtomicReference<>();
            Thread first = Thread.ofVirtual().start(() -> {
                try {
                    jobs(server, dir).answer(requests);
                } catch (Throwable e) {
                    killed.set(e);
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.polls() < 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            first.interrupt(); // the run is killed between submission and completion
            first.join(10_000);
            assertThat(killed.get()).as("the first run was stopped while waiting").isNotNull();
            assertThat(first.isAlive()).isFalse();
            assertThat(server.jobs()).hasSize(1);

            server.release();
            Map<String, BatchAnswer> resumed = jobs(server, dir).answer(requests);

            assertThat(server.uploads()).as("no second upload").isOne();
            assertThat(server.jobs()).as("no second job").hasSize(1);
            assertThat(resumed.values()).hasSize(2).allMatch(BatchAnswer.Replied.class::isInstance);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("submitted earlier (not paid for twice)");

            // A third start answers from the kept results without asking the server at all.
            int polls = server.polls();
            Map<String, BatchAnswer> again = jobs(server, dir).answer(requests);
            assertThat(server.polls()).isEqualTo(polls);
            assertThat(again.values()).allMatch(BatchAnswer.Replied.class::isInstance);
        }
    }

    @Test
    void aRefusedKeyFailsEveryRequestWithTheCredentialsError(@TempDir Path dir) throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            BatchJobs jobs = new BatchJobs("recommender", new OpenAiBatchApi(server.baseUrl(), "wrong-key",
                    Duration.ofSeconds(10)), dir, List.of("wrong-key"), FAST, new PrintStream(progress, true,
                    StandardCharsets.UTF_8));
            Map<String, BatchAnswer> answers = jobs.answer(requests("a"));

            RuntimeException failure = ((BatchAnswer.Failed) answers.values().iterator().next()).failure();
            assertThat(cause(failure, LlmHttpException.class).refusedCredentials()).isTrue();
            assertThat(failure.getMessage()).doesNotContain("wrong-key");
        }
    }

    @Test
    void anEndpointWithoutTheBatchApiStopsTheRunWithWhatToDoInsteadOfFallingBackEverywhere(@TempDir Path dir)
            throws Exception {
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            BatchJobs jobs = new BatchJobs("user", new OpenAiBatchApi(server.baseUrl() + "chat-only/",
                    BatchApiServer.KEY, Duration.ofSeconds(10)), dir, List.of(BatchApiServer.KEY), FAST,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            RuntimeException failure = ((BatchAnswer.Failed) jobs.answer(requests("a")).values().iterator().next())
                    .failure();

            assertThat(failure).isInstanceOf(dev.afl.AflException.class).hasMessageContaining("HTTP 404")
                    .hasMessageContaining("Use --llm-mode online");
        }
    }

    BatchJobs jobs(BatchApiServer server, Path dir) {
        return new BatchJobs("recommender", new OpenAiBatchApi(server.baseUrl(), BatchApiServer.KEY,
                Duration.ofSeconds(10)), dir, List.of(BatchApiServer.KEY), FAST, new PrintStream(progress, true,
                StandardCharsets.UTF_8));
    }

    static Map<String, ObjectNode> requests(String... users) {
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        for (String user : users) {
            ObjectNode body = SETTINGS.body("You recommend.", user);
            requests.put(ChatSettings.key(body), body);
        }
        return requests;
    }

    static String echo(String conversation) {
        return "reply to " + conversation.substring(conversation.lastIndexOf("\n\n") + 2);
    }

    static <E extends Throwable> E cause(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + e);
    }
}
