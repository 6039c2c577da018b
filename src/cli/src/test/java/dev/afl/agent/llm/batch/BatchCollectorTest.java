package dev.afl.agent.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.agent.llm.LlmCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions playing at once send their calls round by round: each round's calls of one agent form one job. */
class BatchCollectorTest {

    @Test
    void eachRoundsCallsOfAnAgentGoOutAsOneJobOnceEveryOpenSessionWaits(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
        try (BatchApiServer server = new BatchApiServer(BatchJobsTest::echo)) {
            Map<String, BatchJobs> jobs = Map.of(
                    "recommender", new BatchJobs("recommender", api(server), dir, List.of(BatchApiServer.KEY),
                            BatchJobsTest.FAST, out),
                    "user", new BatchJobs("user", api(server), dir, List.of(BatchApiServer.KEY), BatchJobsTest.FAST,
                            out));
            ChatSettings recommender = new ChatSettings("rec-model", 0.0, 400, 1.0, 0.0, 0.0);
            ChatSettings user = new ChatSettings("user-model", 0.0, 400, 1.0, 0.0, 0.0);
            List<String> replies = new CopyOnWriteArrayList<>();
            try (BatchRun run = new BatchRun(jobs, Map.of("recommender", recommender, "user", user),
                    BatchJobsTest.FAST)) {
                run.collector().opening(3);
                List<Thread> sessions = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    int session = s;
                    sessions.add(Thread.ofVirtual().start(() -> {
                        try {
                            LlmCall rec = run.call("recommender");
                            LlmCall judge = run.call("user");
                            replies.add(rec.chat("system", "propose s" + session + " r1").content());
                            if (session == 2) {
                                return; // accepted in round 1: this session is over
                            }
                            // Local work of uneven length between calls must not split a round's batch.
                            sleep(session * 30L);
                            replies.add(judge.chat("system", "judge s" + session + " r1").content());
                            replies.add(rec.chat("system", "propose s" + session + " r2").content());
                        } finally {
                            run.collector().over();
                        }
                    }));
                }
                for (Thread session : sessions) {
                    session.join(20_000);
                }
                assertThat(run.summary()).contains("recommender: 2 jobs, 5 requests", "user: 1 jobs, 2 requests");
            }
            List<List<String>> rounds = server.jobs().stream().map(job -> job.stream().map(BatchCollectorTest::user)
                    .sorted().toList()).toList();
            assertThat(rounds).containsExactly(
                    List.of("propose s0 r1", "propose s1 r1", "propose s2 r1"),
                    List.of("judge s0 r1", "judge s1 r1"),
                    List.of("propose s0 r2", "propose s1 r2"));
            assertThat(server.jobs().get(1)).allMatch(line -> line.at("/body/model").asText().equals("user-model"));
            assertThat(replies).hasSize(7).contains("reply to judge s1 r1", "reply to propose s0 r2");
        }
    }

    private static OpenAiBatchApi api(BatchApiServer server) {
        return new OpenAiBatchApi(server.baseUrl(), BatchApiServer.KEY, Duration.ofSeconds(10));
    }

    private static String user(JsonNode line) {
        return line.at("/body/messages/1/content").asText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
