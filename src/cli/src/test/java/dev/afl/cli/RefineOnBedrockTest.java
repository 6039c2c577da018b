package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.TestData;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.agent.llm.ScriptedConverseServer;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refine} with both agents on Amazon Bedrock (AFL_LLM_PROVIDER=bedrock), end to end against a local server
 * speaking the Converse protocol, plays the same session as an online OpenAI-compatible run answering the same
 * replies: the same prompts reach the LLM, and the session (rounds, items, reasons, decisions, attempts, fallbacks)
 * is identical but for its id, its times and the token counts (each scripted server counts its own wire format).
 * No API key is configured for the Bedrock run, which records its replies on the agents' cassettes as any LLM's.
 */
@QuarkusMainTest
class RefineOnBedrockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What differs between two runs of one session: its id and times, and what each server counts as tokens. */
    private static final Set<String> RUN_FIELDS = Set.of("id", "createdAt", "updatedAt", "resultPublishedAt",
            "latencyMillis", "inputTokens", "outputTokens");

    @Test
    void aBedrockRunPlaysTheSessionOfAnOpenAiRunWithTheSameReplies(QuarkusMainLauncher launcher,
            @TempDir Path openAiStore, @TempDir Path bedrockStore, @TempDir Path cassettes) throws Exception {
        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        EvaluationCase c = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST).stream().filter(r -> r.row() == 17)
                .findFirst().orElseThrow();
        String first = lastfm.catalog().require(c.candidates().get(2)).title();
        String second = lastfm.catalog().require(c.candidates().get(5)).title();
        // Round 1: throttled once, then a proposal the user rejects; round 2: an unusable answer, re-asked, then a
        // proposal the user accepts.
        String[] replies = {"Reason: The scripted recommender likes it.\nItem: " + first,
            "Reason: Not what I listen to.\nDecision: no", "I cannot decide.",
            "Reason: Closer to the history.\nItem: " + second, "Reason: The scripted user agrees.\nDecision: yes"};

        JsonNode online;
        List<String> onlinePrompts = new ArrayList<>();
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(ScriptedChatServer.tooManyRequests("0"), ScriptedChatServer.reply(replies[0]),
                    ScriptedChatServer.reply(replies[1]), ScriptedChatServer.reply(replies[2]),
                    ScriptedChatServer.reply(replies[3]), ScriptedChatServer.reply(replies[4]));
            online = session(launch(launcher, ScriptedChatServerResource.configFor(server), openAiStore));
            for (int i = 0; i < server.requests().size(); i++) {
                onlinePrompts.add(server.systemMessage(i) + "\n---\n" + server.userMessage(i));
            }
            assertThat(server.remainingSteps()).isZero();
        }

        JsonNode onBedrock;
        List<String> bedrockPrompts = new ArrayList<>();
        try (ScriptedConverseServer server = new ScriptedConverseServer()) {
            server.script(ScriptedConverseServer.throttled("0"), ScriptedConverseServer.reply(replies[0]),
                    ScriptedConverseServer.reply(replies[1]), ScriptedConverseServer.reply(replies[2]),
                    ScriptedConverseServer.reply(replies[3]), ScriptedConverseServer.reply(replies[4]));
            Map<String, String> config = new HashMap<>(server.config());
            config.putAll(ScriptedConverseServer.credentials());
            config.put("afl.llm.cassette", "record");
            config.put("afl.llm.cassette-dir", cassettes.toString());
            onBedrock = session(launch(launcher, config, bedrockStore));
            for (int i = 0; i < server.requests().size(); i++) {
                bedrockPrompts.add(server.systemMessage(i) + "\n---\n" + server.userMessage(i));
            }
            assertThat(server.remainingSteps()).isZero();
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.signatureProblem()).isNull());
            assertThat(server.requests()).extracting(ScriptedConverseServer.Request::modelId).containsExactly(
                    "scripted-recommender", "scripted-recommender", "scripted-user", "scripted-recommender",
                    "scripted-recommender", "scripted-user");
        }

        assertThat(bedrockPrompts).as("the prompts each LLM was sent").isEqualTo(onlinePrompts).hasSize(6);
        assertThat(onBedrock.at("/session/status").asText()).isEqualTo("ACCEPTED");
        assertThat(onBedrock.at("/session/rounds")).hasSize(2);
        assertThat(onBedrock.at("/session/rounds/1/recommender/attempts").asInt()).isEqualTo(2);
        assertThat(onBedrock.at("/session/rounds/0/recommender/inputTokens").asLong()).isPositive();
        assertThat(withoutRunFields(onBedrock)).isEqualTo(withoutRunFields(online));

        // The Bedrock calls went through the agents' cassettes like the OpenAI ones (AFL_LLM_CASSETTE=record): every
        // usable or unusable answer kept, none of the failed calls.
        assertThat(java.nio.file.Files.readAllLines(cassettes.resolve("recommender.jsonl"))).hasSize(3);
        assertThat(java.nio.file.Files.readAllLines(cassettes.resolve("user.jsonl"))).hasSize(2);
    }

    private static String launch(QuarkusMainLauncher launcher, Map<String, String> config, Path store) {
        config.forEach(System::setProperty);
        LaunchResult result;
        try {
            result = launcher.launch("refine", "--data-dir", TestData.dataDir().toString(), "--dataset", "lastfm",
                    "--row", "17", "--store", store.toString(), "--json");
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        return result.getOutput();
    }

    private static JsonNode session(String output) throws Exception {
        return JSON.readTree(output);
    }

    private static JsonNode withoutRunFields(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(RUN_FIELDS);
        }
        node.forEach(RefineOnBedrockTest::strip);
    }
}
