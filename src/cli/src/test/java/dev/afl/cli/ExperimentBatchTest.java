package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.TestData;
import dev.afl.agent.llm.RuleBasedLlm;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.agent.llm.ScriptedConverseServer;
import dev.afl.agent.llm.batch.BatchApiServer;
import dev.afl.agent.llm.batch.BedrockBatchServer;
import dev.afl.function.LocalS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LLM experiment in batch mode against a local OpenAI Batch API server gives what the same experiment online gives
 * against a local chat server answering the same replies: the same requests (each batch line's body is the online
 * request's), the same per-case results and the same figures, at the batch price; its first round's jobs fail a line
 * (retried in the next batch, as online) and expire (resubmitted). Run again in the same work dir after its case
 * files are lost, it submits nothing: every answer is in the batch journal.
 */
@QuarkusMainTest
class ExperimentBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBatchRunAsksWhatAnOnlineRunAsksAndGivesIdenticalResultsAtTheBatchPrice(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws Exception {
        List<JsonNode> onlineRequests;
        LaunchResult online;
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.respondWith(new RuleBasedLlm());
            Map<String, String> config = new java.util.HashMap<>(ScriptedChatServerResource.configFor(server));
            // A call cut by a busy machine would be retried (an extra request) or fall back: not what is compared.
            config.put("quarkus.langchain4j.openai.recommender.timeout", "60s");
            config.put("quarkus.langchain4j.openai.user.timeout", "60s");
            online = launch(launcher, config, dir.resolve("online"), dir.resolve("cases-online"));
            onlineRequests = server.requests();
        }
        assertThat(online.exitCode()).as(online.getErrorOutput()).isZero();

        List<JsonNode> batchRequests = new ArrayList<>();
        LaunchResult batch;
        int jobs;
        int maxJob;
        try (BatchApiServer server = new BatchApiServer(new RuleBasedLlm())) {
            server.script(BatchApiServer.Script.failing(Map.of(0, 500)), BatchApiServer.Script.expiring());
            batch = launch(launcher, ScriptedChatServerResource.configFor(server.baseUrl()), dir.resolve("batch"),
                    dir.resolve("cases-batch"), "--llm-mode", "batch", "--batch-poll", "10ms");
            server.jobs().forEach(job -> job.forEach(line -> batchRequests.add(line.get("body"))));
            jobs = server.jobs().size();
            maxJob = server.jobs().stream().mapToInt(List::size).max().orElse(0);
            assertThat(batch.exitCode()).as(batch.getErrorOutput()).isZero();

            // Killed before any case was written: the rerun replays every session, and every answer it needs is
            // in the work dir's batch journal, so nothing is submitted (or paid for) again.
            try (Stream<Path> caseFiles = Files.list(dir.resolve("cases-batch"))) {
                for (Path file : caseFiles.filter(path -> path.toString().endsWith(".jsonl")).toList()) {
                    Files.delete(file);
                }
            }
            LaunchResult resumed = launch(launcher, ScriptedChatServerResource.configFor(server.baseUrl()),
                    dir.resolve("batch-resumed"), dir.resolve("cases-batch"), "--llm-mode", "batch", "--batch-poll",
                    "10ms");
            assertThat(resumed.exitCode()).as(resumed.getErrorOutput()).isZero();
            assertThat(server.jobs()).as("no job submitted again").hasSize(jobs);
            JsonNode resumedResults = JSON.readTree(dir.resolve("batch-resumed/results.json").toFile());
            JsonNode batchResults = JSON.readTree(dir.resolve("batch/results.json").toFile());
            assertThat(resumedResults.get("recommendation")).isEqualTo(batchResults.get("recommendation"));
        }
        assertThat(batch.getErrorOutput()).contains("Batch recommender: submitted job", "Batch user: submitted job",
                "expired: ", "(submitted again)", "Batch mode: ");

        assertThat(onlineRequests).as("the online run asked the LLM").hasSizeGreaterThan(20);
        assertThat(new HashSet<>(batchRequests)).as("every batch line's body is a request of the online run, and"
                + " every online request went out in a batch").isEqualTo(new HashSet<>(onlineRequests));
        assertThat(maxJob).as("round by round: every case's call of a round in one job").isEqualTo(3);
        assertThat(jobs).as("not one job per call").isLessThan(batchRequests.size());

        assertThat(perCase(dir.resolve("cases-batch"))).isEqualTo(perCase(dir.resolve("cases-online")));

        JsonNode first = JSON.readTree(dir.resolve("online/results.json").toFile());
        JsonNode second = JSON.readTree(dir.resolve("batch/results.json").toFile());
        for (String section : new String[] {"recommendation", "recommendationComparisons"}) {
            assertThat(withoutCosts(second.get(section))).as(section).isNotEmpty()
                    .isEqualTo(withoutCosts(first.get(section)));
        }
        for (int i = 0; i < first.get("recommendation").size(); i++) {
            JsonNode onlineLedger = first.get("recommendation").get(i).get("ledger");
            JsonNode batchLedger = second.get("recommendation").get(i).get("ledger");
            assertThat(batchLedger.get("costUsd").asDouble()).as("batch price: half the online price")
                    .isCloseTo(onlineLedger.get("costUsd").asDouble() / 2, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(second.at("/protocol/llmMode").asText()).startsWith("batch");
    }

    /**
     * The same on Amazon Bedrock: online against the local Converse server, and in batch mode against the local
     * Bedrock control plane and S3 answering the same replies (the first job partially completed, the second
     * expired), give identical per-case files and figures; every batch record's modelInput is a Converse request of
     * the online run.
     */
    @Test
    void aBedrockBatchRunGivesWhatTheOnlineBedrockRunGives(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        List<JsonNode> onlineRequests = new ArrayList<>();
        LaunchResult online;
        try (ScriptedConverseServer converse = new ScriptedConverseServer()) {
            converse.respondWith(new RuleBasedLlm());
            Map<String, String> config = new java.util.HashMap<>(converse.config());
            config.putAll(ScriptedConverseServer.credentials());
            config.put("quarkus.langchain4j.openai.recommender.timeout", "60s");
            config.put("quarkus.langchain4j.openai.user.timeout", "60s");
            online = launch(launcher, config, dir.resolve("online"), dir.resolve("cases-online"));
            converse.requests().forEach(request -> onlineRequests.add(request.body()));
            assertThat(online.exitCode()).as(online.getErrorOutput()).isZero();

            List<JsonNode> records = new ArrayList<>();
            LaunchResult batch;
            RuleBasedLlm llm = new RuleBasedLlm();
            try (LocalS3 s3 = new LocalS3(); BedrockBatchServer bedrock = new BedrockBatchServer(s3,
                    input -> llm.apply(ScriptedConverseServer.conversationOf(input)))) {
                bedrock.script(BedrockBatchServer.Outcome.partiallyCompleted(Map.of(0, 500)),
                        BedrockBatchServer.Outcome.expired(0));
                config.putAll(Map.of("AFL_BEDROCK_BATCH_BUCKET", "afl-test", "AFL_BEDROCK_BATCH_ROLE_ARN",
                        "arn:aws:iam::123456789012:role/afl-bedrock-batch", "AFL_BEDROCK_CONTROL_ENDPOINT",
                        bedrock.endpoint(), "AFL_BEDROCK_BATCH_S3_ENDPOINT", s3.endpoint().toString(),
                        "AFL_BEDROCK_BATCH_MIN_RECORDS", "1"));
                batch = launch(launcher, config, dir.resolve("batch"), dir.resolve("cases-batch"), "--llm-mode",
                        "batch", "--batch-poll", "10ms");
                bedrock.jobs().forEach(job -> job.records().forEach(record -> records.add(record.get(
                        "modelInput"))));
                assertThat(bedrock.signatureProblems()).isEmpty();
            }
            assertThat(batch.exitCode()).as(batch.getErrorOutput()).isZero();
            assertThat(batch.getErrorOutput()).contains("Batch recommender: submitted job arn:aws:bedrock:",
                    "PartiallyCompleted: ", "Expired: ", "(submitted again)");
            assertThat(new HashSet<>(records)).as("every record's modelInput is a Converse request of the online"
                    + " run, and every online request went out in a job").isEqualTo(new HashSet<>(onlineRequests));
        }
        assertThat(perCase(dir.resolve("cases-batch"))).isEqualTo(perCase(dir.resolve("cases-online")));
        JsonNode first = JSON.readTree(dir.resolve("online/results.json").toFile());
        JsonNode second = JSON.readTree(dir.resolve("batch/results.json").toFile());
        assertThat(withoutCosts(second.get("recommendation"))).isNotEmpty()
                .isEqualTo(withoutCosts(first.get("recommendation")));
        assertThat(second.at("/protocol/llmMode").asText()).startsWith("batch");
    }

    @Test
    void bedrockBatchModeWithoutItsBucketIsRefusedWithWhatToSet(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        try (ScriptedConverseServer converse = new ScriptedConverseServer()) {
            Map<String, String> config = new java.util.HashMap<>(converse.config());
            config.putAll(ScriptedConverseServer.credentials());
            LaunchResult refused = launch(launcher, config, dir.resolve("out"), dir.resolve("cases"), "--llm-mode",
                    "batch");

            assertThat(refused.exitCode()).as(refused.getErrorOutput()).isEqualTo(2);
            assertThat(refused.getErrorOutput()).contains("--llm-mode batch with a Bedrock agent needs"
                    + " AFL_BEDROCK_BATCH_BUCKET");
            assertThat(converse.requests()).as("nothing asked").isEmpty();
        }
    }

    @Test
    void batchModeWithoutAnLlmToAskIsRefusedWithWhatToSet(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult refused = launch(launcher, Map.of(), dir.resolve("out"), dir.resolve("cases"), "--llm-mode",
                "batch");

        assertThat(refused.exitCode()).as(refused.getErrorOutput()).isEqualTo(2);
        assertThat(refused.getErrorOutput()).contains("--llm-mode batch sends the LLM calls as batch jobs, but this"
                + " run asks no LLM: set AFL_AGENTS=llm");
        assertThat(dir.resolve("cases/batch")).doesNotExist();
    }

    private static LaunchResult launch(QuarkusMainLauncher launcher, Map<String, String> config, Path output,
            Path work, String... extra) {
        Path noCheckpoints = work.resolveSibling("no-reference-models");
        try {
            Files.createDirectories(noCheckpoints);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config.forEach(System::setProperty);
        try {
            List<String> args = new ArrayList<>(List.of("experiment", "recommendation", "--data-dir",
                    TestData.dataDir().toString(), "--dataset", "lastfm", "--rows", "3", "--seeds", "1",
                    "--rec-models", "sasrec", "--max-rounds", "3", "--concurrency", "3", "--output",
                    output.toString(), "--work-dir", work.toString(),
                    // No reference checkpoint to import for the protocol check: not what this test is about.
                    "--reference-models", noCheckpoints.toString()));
            args.addAll(List.of(extra));
            return launcher.launch(args.toArray(String[]::new));
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }

    /** Every per-case file of a work dir: file name to case id to result. */
    private static Map<String, Map<String, JsonNode>> perCase(Path work) throws IOException {
        Map<String, Map<String, JsonNode>> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(work)) {
            for (Path file : listed.filter(path -> path.toString().endsWith(".jsonl")).toList()) {
                Map<String, JsonNode> cases = new TreeMap<>();
                for (String line : Files.readAllLines(file)) {
                    JsonNode entry = JSON.readTree(line);
                    cases.put(entry.get("caseId").asText(), entry.get("result"));
                }
                files.put(file.getFileName().toString(), cases);
            }
        }
        assertThat(files).as("per-case files in " + work).isNotEmpty();
        return files;
    }

    private static JsonNode withoutCosts(JsonNode section) {
        JsonNode copy = section.deepCopy();
        strip(copy, Set.of("costUsd", "inputPricePerMillion", "outputPricePerMillion"));
        return copy;
    }

    private static void strip(JsonNode node, Set<String> fields) {
        if (node instanceof ObjectNode object) {
            object.remove(fields);
        }
        node.forEach(child -> strip(child, fields));
    }
}
