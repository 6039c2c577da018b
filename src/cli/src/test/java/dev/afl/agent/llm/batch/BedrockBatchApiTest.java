package dev.afl.agent.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.agent.llm.LlmHttpException;
import dev.afl.agent.llm.ScriptedConverseServer;
import dev.afl.agent.llm.bedrock.BedrockConverseCall;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import dev.afl.agent.llm.bedrock.Converse;
import dev.afl.function.LocalS3;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.service.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Bedrock agent's requests answered by Bedrock batch inference jobs, through the AWS SDK, against a local control
 * plane that checks SigV4 ({@link BedrockBatchServer}) and a local S3 ({@link LocalS3}): the S3 JSONL records, a
 * completed job, a partially completed one, an expired one, a resumed run, and a round too small for a job asked
 * online on the local Converse server.
 */
class BedrockBatchApiTest {

    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String ROLE = "arn:aws:iam::123456789012:role/afl-bedrock-batch";
    static final Converse.Inference INFERENCE = new Converse.Inference(0.0, 400);
    static final ConverseRequests REQUESTS = new ConverseRequests(INFERENCE);
    static final ObjectMapper JSON = new ObjectMapper();

    static LocalS3 s3;
    static ScriptedConverseServer converse;
    static BedrockConverseCall online;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        ScriptedConverseServer.credentials().forEach(System::setProperty);
        s3 = new LocalS3();
        converse = new ScriptedConverseServer();
        online = new BedrockConverseCall(agent(URI.create(converse.endpoint())));
    }

    @AfterAll
    static void stop() {
        online.close();
        converse.close();
        s3.close();
        ScriptedConverseServer.credentials().keySet().forEach(System::clearProperty);
    }

    @Test
    void everyRequestGoesOutAsOneS3RecordOfItsConverseBodyAndComesBackAsTheOnlineAnswer(@TempDir Path dir)
            throws Exception {
        try (BedrockBatchServer bedrock = new BedrockBatchServer(s3, BedrockBatchApiTest::echo)) {
            Map<String, ObjectNode> requests = requests("a", "b", "c");
            Map<String, BatchAnswer> answers = jobs(bedrock, dir, 1).answer(requests);

            assertThat(bedrock.signatureProblems()).isEmpty();
            assertThat(bedrock.jobs()).hasSize(1);
            BedrockBatchServer.Job job = bedrock.jobs().getFirst();
            assertThat(job.request().path("modelId").asText()).isEqualTo(MODEL);
            assertThat(job.request().path("roleArn").asText()).isEqualTo(ROLE);
            assertThat(job.request().at("/inputDataConfig/s3InputDataConfig/s3Uri").asText())
                    .startsWith("s3://afl-test/runs/input/afl-recommender-").endsWith(".jsonl");
            assertThat(job.request().at("/outputDataConfig/s3OutputDataConfig/s3Uri").asText())
                    .isEqualTo("s3://afl-test/runs/output/");
            assertThat(job.records()).extracting(record -> record.get("modelInput"))
                    .as("each record's modelInput is the online Converse request body")
                    .containsExactlyElementsOf(reparsed(requests.values()));
            for (Map.Entry<String, ObjectNode> request : requests.entrySet()) {
                Result<String> result = ((BatchAnswer.Replied) answers.get(request.getKey())).result();
                Result<String> asOnline = Converse.result(JSON.readTree(ScriptedConverseServer.answer(
                        request.getValue(), echo(request.getValue()))));
                assertThat(result.content()).isEqualTo(echo(request.getValue())).isEqualTo(asOnline.content());
                assertThat(result.tokenUsage()).isEqualTo(asOnline.tokenUsage());
            }
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("with 3 requests",
                    "Completed: 3 answered, 0 failed");
        }
    }

    @Test
    void aPartiallyCompletedJobsErrorRecordsAreTheOnlineFailures(@TempDir Path dir) throws Exception {
        try (BedrockBatchServer bedrock = new BedrockBatchServer(s3, BedrockBatchApiTest::echo)) {
            bedrock.script(BedrockBatchServer.Outcome.partiallyCompleted(Map.of(1, 500, 2, 400)));
            Map<String, ObjectNode> requests = requests("a", "b", "c");
            List<String> keys = List.copyOf(requests.keySet());
            BatchJobs jobs = jobs(bedrock, dir, 1);

            Map<String, BatchAnswer> answers = jobs.answer(requests);

            assertThat(answers.get(keys.get(0))).isInstanceOf(BatchAnswer.Replied.class);
            RuntimeException serverError = ((BatchAnswer.Failed) answers.get(keys.get(1))).failure();
            assertThat(serverError).isNotInstanceOf(NonRetriableException.class);
            assertThat(BatchJobsTest.cause(serverError, LlmHttpException.class).error().status()).isEqualTo(500);
            assertThat(((BatchAnswer.Failed) answers.get(keys.get(2))).failure())
                    .as("a 400 record is not retried, as the online 400 is not").isInstanceOf(
                            NonRetriableException.class);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("PartiallyCompleted: 1 answered, 2 failed");

            // The retry of the failed record goes out in a job of its own; the answered one is never asked twice.
            Map<String, BatchAnswer> retried = jobs.answer(Map.of(keys.get(0), requests.get(keys.get(0)),
                    keys.get(1), requests.get(keys.get(1))));
            assertThat(bedrock.jobs()).hasSize(2);
            assertThat(bedrock.jobs().get(1).records()).hasSize(1);
            assertThat(retried.values()).allMatch(BatchAnswer.Replied.class::isInstance);
        }
    }

    @Test
    void theRecordsAnExpiredJobLeftWithoutOutputAreSubmittedAgain(@TempDir Path dir) throws Exception {
        try (BedrockBatchServer bedrock = new BedrockBatchServer(s3, BedrockBatchApiTest::echo)) {
            bedrock.script(BedrockBatchServer.Outcome.expired(2));
            Map<String, BatchAnswer> answers = jobs(bedrock, dir, 1).answer(requests("a", "b", "c", "d"));

            assertThat(bedrock.jobs()).hasSize(2);
            assertThat(bedrock.jobs().get(1).records()).as("only the unanswered half again").hasSize(2);
            assertThat(answers).hasSize(4).allSatisfy((key, answer) ->
                    assertThat(answer).isInstanceOf(BatchAnswer.Replied.class));
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Expired: 2 answered, 0 failed, 2"
                    + " unanswered (submitted again)");
        }
    }

    @Test
    void aRunKilledWhileItsJobRunsPicksTheJobUpByItsArnAndNeverSubmitsTwice(@TempDir Path dir) throws Exception {
        try (BedrockBatchServer bedrock = new BedrockBatchServer(s3, BedrockBatchApiTest::echo)) {
            bedrock.hold();
            Map<String, ObjectNode> requests = requests("a", "b");
            AtomicReference<Throwable> killed = new AtomicReference<>();
            Thread first = Thread.ofVirtual().start(() -> {
                try {
                    jobs(bedrock, dir, 1).answer(requests);
                } catch (Throwable e) {
                    killed.set(e);
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bedrock.reads() < 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            first.interrupt(); // the run is killed between submission and completion
            first.join(10_000);
            assertThat(killed.get()).as("the first run was stopped while waiting").isNotNull();
            assertThat(bedrock.jobs()).hasSize(1);

            bedrock.release();
            Map<String, BatchAnswer> resumed = jobs(bedrock, dir, 1).answer(requests);

            assertThat(bedrock.jobs()).as("no second job").hasSize(1);
            assertThat(resumed.values()).hasSize(2).allMatch(BatchAnswer.Replied.class::isInstance);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("waiting for job "
                    + bedrock.jobs().getFirst().arn() + ", submitted earlier (not paid for twice)");
        }
    }

    @Test
    void aRoundSmallerThanBedrocksMinimumIsAskedOnlineWithTheSameConverseBodies(@TempDir Path dir) throws Exception {
        try (BedrockBatchServer bedrock = new BedrockBatchServer(s3, BedrockBatchApiTest::echo)) {
            Map<String, ObjectNode> requests = requests("a", "b");
            converse.script();
            converse.respondWith(conversation -> "online " + conversation.substring(conversation.lastIndexOf("\n\n")
                    + 2));
            Map<String, BatchAnswer> answers;
            try {
                answers = jobs(bedrock, dir, BedrockBatchApi.BEDROCK_MINIMUM_RECORDS).answer(requests);
            } finally {
                converse.respondWith(null);
            }

            assertThat(bedrock.jobs()).as("no job of fewer than 100 records").isEmpty();
            assertThat(converse.requests()).extracting(ScriptedConverseServer.Request::body)
                    .containsExactlyInAnyOrderElementsOf(reparsed(requests.values()));
            for (Map.Entry<String, ObjectNode> request : requests.entrySet()) {
                assertThat(((BatchAnswer.Replied) answers.get(request.getKey())).result().content()).isEqualTo(
                        "online " + request.getValue().at("/messages/0/content/0/text").asText());
            }
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("2 requests, fewer than a job's minimum"
                    + " of 100: asked online");
        }
    }

    @Test
    void eachRepeatsRequestIsKeptApartThoughConverseTakesNoSeed() {
        List<String> keys = new java.util.ArrayList<>();
        List<ObjectNode> bodies = new java.util.ArrayList<>();
        dev.afl.agent.llm.LlmCall keying = (system, user) -> {
            ObjectNode body = REQUESTS.body(system, user);
            bodies.add(body);
            keys.add(REQUESTS.requestKey(body));
            return null;
        };
        keying.chat("You recommend.", "a");
        dev.afl.agent.llm.SamplingSeed.applied(1, keying).chat("You recommend.", "a");
        dev.afl.agent.llm.SamplingSeed.applied(2, keying).chat("You recommend.", "a");
        dev.afl.agent.llm.SamplingSeed.applied(2, keying).chat("You recommend.", "a");

        assertThat(bodies).as("no seed in a Converse body, as online").allMatch(body -> body.equals(bodies.get(0))
                && !body.has("seed"));
        assertThat(keys.subList(0, 3)).as("a repeat's request is never answered by another repeat's")
                .doesNotHaveDuplicates();
        assertThat(keys.get(3)).isEqualTo(keys.get(2));
    }

    @Test
    void missingOrWrongSettingsSayWhatToSet() {
        assertThatThrownBy(() -> BedrockBatchSettings.of(name -> Optional.empty())).isInstanceOf(AflException.class)
                .hasMessageContaining("AFL_BEDROCK_BATCH_BUCKET");
        assertThatThrownBy(() -> BedrockBatchSettings.of(name -> Optional.ofNullable(Map.of(
                "AFL_BEDROCK_BATCH_BUCKET", "b").get(name)))).hasMessageContaining("AFL_BEDROCK_BATCH_ROLE_ARN");
        assertThatThrownBy(() -> BedrockBatchSettings.of(name -> Optional.ofNullable(Map.of(
                "AFL_BEDROCK_BATCH_BUCKET", "b", "AFL_BEDROCK_BATCH_ROLE_ARN", "afl-role").get(name))))
                .hasMessageContaining("not a role ARN");
        BedrockBatchSettings settings = BedrockBatchSettings.of(name -> Optional.ofNullable(Map.of(
                "AFL_BEDROCK_BATCH_BUCKET", "b", "AFL_BEDROCK_BATCH_ROLE_ARN", ROLE).get(name)));
        assertThat(settings.prefix()).isEqualTo("afl-batch/");
        assertThat(settings.minimumRecords()).isEqualTo(100);
    }

    BatchJobs jobs(BedrockBatchServer bedrock, Path dir, int minimumRecords) {
        BedrockBatchSettings settings = new BedrockBatchSettings("afl-test", "runs", ROLE, minimumRecords,
                Optional.of(URI.create(bedrock.endpoint())), Optional.of(s3.endpoint()));
        BedrockSettings agent = agent(URI.create(converse.endpoint()));
        return new BatchJobs("recommender", BedrockBatchApi.of(agent, settings, Duration.ofSeconds(10), online), dir,
                List.of(), BatchJobsTest.FAST, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    static BedrockSettings agent(URI endpoint) {
        return new BedrockSettings("recommender", MODEL, Optional.of(ScriptedConverseServer.REGION),
                Optional.of(endpoint), INFERENCE, Duration.ofSeconds(10));
    }

    static Map<String, ObjectNode> requests(String... users) {
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        for (String user : users) {
            ObjectNode body = REQUESTS.body("You recommend.", user);
            requests.put(ChatSettings.key(body), body);
        }
        return requests;
    }

    /** The bodies as a server reads them (numbers as doubles), to compare with what it read. */
    static List<JsonNode> reparsed(java.util.Collection<ObjectNode> bodies) throws Exception {
        List<JsonNode> parsed = new java.util.ArrayList<>();
        for (ObjectNode body : bodies) {
            parsed.add(JSON.readTree(body.toString()));
        }
        return parsed;
    }

    static String echo(JsonNode modelInput) {
        return "reply to " + modelInput.at("/messages/0/content/0/text").asText();
    }
}
