package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.PromptText;
import dev.afl.agent.llm.RuleBasedLlm;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --repeats 3} against a local OpenAI-compatible server whose answers depend on the request's
 * seed: every request carries its repeat's seed, the report's figures are those computed by hand from the per-case
 * files of each repeat (pass^3 under the mean HitRatio@1, some answers changing), and a replay from the cassette
 * with the server stopped gives each repeat its own replies back.
 */
@QuarkusMainTest
class ExperimentRepeatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBasedLlm LLM = new RuleBasedLlm();

    /**
     * A stand-in LLM that samples by seed: with seed 1 the recommendation agent takes the other model's suggestion,
     * with the other seeds a third of its answers go elsewhere; every other answer is the rule-based LLM's, drawn
     * from the messages and the seed.
     */
    static String answer(JsonNode request) {
        String conversation = ScriptedChatServer.conversationOf(request);
        int seed = request.path("seed").asInt(0);
        String suggestion = PromptText.block(conversation, "model-suggestion");
        boolean recommending = conversation.contains("Item: <") && !conversation.contains("Item lines")
                && !conversation.contains("could not be used");
        int draw = Math.floorMod((conversation + "#" + seed).hashCode(), 1_000_003);
        if (recommending && suggestion != null && (seed <= 1 || draw % 3 != 0)) {
            return "Reason: the other model knows this user.\nItem: " + suggestion;
        }
        return LLM.apply(conversation + "\n(sampled with seed " + seed + ")");
    }

    @Test
    void eachLlmConfigurationRunsThreeTimesWithItsSeedAndTheReportHasTheirFigures(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws Exception {
        Map<String, String> config;
        LaunchResult recorded;
        Set<Integer> seedsSent = new TreeSet<>();
        boolean everyRequestSeeded;
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.respondToRequests(ExperimentRepeatsTest::answer);
            config = new HashMap<>(ScriptedChatServerResource.configFor(server));
            config.put("afl.llm.cassette", "record");
            config.put("afl.llm.cassette-dir", dir.resolve("cassettes").toString());
            recorded = launch(launcher, config, dir.resolve("recorded"), dir.resolve("cases"), "3");
            server.requests().forEach(request -> seedsSent.add(request.path("seed").asInt(-1)));
            everyRequestSeeded = server.requests().stream().allMatch(request -> request.path("seed").isInt());
        }
        assertThat(recorded.exitCode()).as(recorded.getErrorOutput()).isZero();
        assertThat(seedsSent).containsExactly(1, 2, 3);
        assertThat(everyRequestSeeded).as("every request of a repeat run carries its seed").isTrue();

        JsonNode results = JSON.readTree(dir.resolve("recorded/results.json").toFile());
        JsonNode repeats = results.get("repeats");
        assertThat(repeats.get("repeats").asInt()).isEqualTo(3);
        assertThat(repeats.get("seeds").toString()).isEqualTo("[1,2,3]");
        assertThat(ids(repeats.get("configurations"))).containsExactlyInAnyOrder("lastfm/sasrec/rec-agent/random",
                "lastfm/sasrec/afl/random", "lastfm/gru4rec/top5-by-sasrec/random",
                "lastfm/gru4rec/top5-by-user/random", "lastfm/gru4rec/afl-no-rec-model/random",
                "lastfm/gru4rec/afl-no-reward-model/random", "lastfm/gru4rec/afl-no-models/random");
        assertThat(repeats.get("ranOnce")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "lastfm/sasrec/base/random", "lastfm/sasrec/reward-model/random", "lastfm/sasrec/rank-fusion/random",
                "lastfm/sasrec/model-top5-by-reward/random");

        boolean somePassBelowMean = false;
        for (JsonNode figures : repeats.get("configurations")) {
            String id = figures.get("id").asText();
            List<Map<String, JsonNode>> runs = new ArrayList<>();
            for (int repeat = 1; repeat <= 3; repeat++) {
                runs.add(caseFile(dir.resolve("cases"), id, repeat));
            }
            Set<String> cases = runs.getFirst().keySet();
            int n = cases.size();
            assertThat(figures.get("cases").asInt()).as(id).isEqualTo(n).isEqualTo(figures.get("rows").asInt())
                    .isEqualTo(8);
            int[] hits = new int[3];
            int passed = 0;
            int changed = 0;
            for (String c : cases) {
                boolean all = true;
                Set<String> answers = new HashSet<>();
                for (int r = 0; r < 3; r++) {
                    JsonNode outcome = runs.get(r).get(c);
                    assertThat(outcome).as(id + " repeat " + (r + 1) + " case " + c).isNotNull();
                    JsonNode rounds = outcome.get("itemAfterRound");
                    String item = rounds.get(rounds.size() - 1).asText();
                    boolean hit = item.equals(outcome.get("target").asText());
                    hits[r] += hit ? 1 : 0;
                    all &= hit;
                    answers.add(item);
                }
                passed += all ? 1 : 0;
                changed += answers.size() > 1 ? 1 : 0;
            }
            double[] hitRatios = {hits[0] / (double) n, hits[1] / (double) n, hits[2] / (double) n};
            double mean = (hitRatios[0] + hitRatios[1] + hitRatios[2]) / 3;
            double variance = 0;
            for (double h : hitRatios) {
                variance += (h - mean) * (h - mean) / 2;
            }
            assertThat(figures.get("hits").toString()).as(id).isEqualTo("[" + hits[0] + "," + hits[1] + "," + hits[2]
                    + "]");
            for (int r = 0; r < 3; r++) {
                assertThat(figures.at("/hitRatios/" + r + "/mean").asDouble()).as(id).isCloseTo(hitRatios[r],
                        within(1e-9));
            }
            assertThat(figures.at("/meanHitRatio/mean").asDouble()).as(id).isCloseTo(mean, within(1e-9));
            assertThat(figures.at("/spread/mean").asDouble()).as(id).isCloseTo(Math.sqrt(variance), within(1e-9));
            assertThat(figures.get("passAllCases").asInt()).as(id).isEqualTo(passed);
            assertThat(figures.at("/passAll/mean").asDouble()).as(id).isCloseTo(passed / (double) n, within(1e-9));
            assertThat(figures.get("answerChangedCases").asInt()).as(id).isEqualTo(changed);
            assertThat(figures.at("/answerChanged/mean").asDouble()).as(id).isCloseTo(changed / (double) n,
                    within(1e-9));
            // Repeat 1 is the run the rest of the report shows.
            assertThat(figures.at("/hitRatios/0")).as(id).isEqualTo(find(results.get("recommendation"), id)
                    .get("hitRatio"));
            somePassBelowMean |= passed / (double) n < mean && changed > 0;
        }
        assertThat(somePassBelowMean).as("the seeds changed some answers, so some pass^3 is under its mean").isTrue();
        assertThat(Files.readString(dir.resolve("recorded/report.md"))).contains("### Repeat-run reliability",
                "`--repeats 3`", "pass^3 [95% CI]", "Ran once (4 configurations");

        // Replayed from the cassette with the server gone, into fresh per-case files: each repeat answers as recorded.
        config.put("afl.llm.cassette", "replay");
        config.put("afl.llm.on-unavailable", "fail");
        LaunchResult replayed = launch(launcher, config, dir.resolve("replayed"), dir.resolve("cases-replayed"), "3");
        assertThat(replayed.exitCode()).as(replayed.getErrorOutput()).isZero();
        JsonNode again = JSON.readTree(dir.resolve("replayed/results.json").toFile());
        assertThat(again.get("repeats")).isEqualTo(repeats);
        for (JsonNode figures : repeats.get("configurations")) {
            for (int repeat = 1; repeat <= 3; repeat++) {
                assertThat(finals(caseFile(dir.resolve("cases-replayed"), figures.get("id").asText(), repeat)))
                        .isEqualTo(finals(caseFile(dir.resolve("cases"), figures.get("id").asText(), repeat)));
            }
        }
    }

    @Test
    void noRepeatIsRefusedWithWhatToGive(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult result = launch(launcher, Map.of(), dir.resolve("out"), dir.resolve("cases"), "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--repeats must be at least 1", "got 0", "give 1 for one run");
    }

    private static LaunchResult launch(QuarkusMainLauncher launcher, Map<String, String> config, Path output,
            Path work, String repeats) {
        config.forEach(System::setProperty);
        try {
            // An empty checkpoint folder: the protocol check's checkpoint scoring is ExperimentReplayTest's to run.
            Path noCheckpoints = Files.createDirectories(work.resolveSibling(work.getFileName() + "-no-checkpoints"));
            return launcher.launch("experiment", "recommendation", "--data-dir", TestData.dataDir().toString(),
                    "--dataset", "lastfm", "--rows", "8", "--seeds", "1", "--rec-models", "sasrec", "--max-rounds", "2",
                    "--concurrency", "3", "--repeats", repeats, "--reference-models", noCheckpoints.toString(),
                    "--output", output.toString(), "--work-dir", work.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }

    /** The outcomes of one repeat of a configuration, by case id, read from its per-case file. */
    private static Map<String, JsonNode> caseFile(Path work, String id, int repeat) throws IOException {
        String prefix = id.replace('/', '-') + "-r";
        String suffix = "-repeat" + repeat + "-seed" + repeat + ".jsonl";
        List<Path> files;
        try (Stream<Path> listed = Files.list(work)) {
            files = listed.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(suffix)).toList();
        }
        assertThat(files).as("the per-case file of " + id + " repeat " + repeat).hasSize(1);
        Map<String, JsonNode> outcomes = new HashMap<>();
        for (String line : Files.readAllLines(files.getFirst())) {
            JsonNode entry = JSON.readTree(line);
            outcomes.put(entry.get("caseId").asText(), entry.get("result"));
        }
        return outcomes;
    }

    private static Map<String, String> finals(Map<String, JsonNode> outcomes) {
        Map<String, String> finals = new HashMap<>();
        outcomes.forEach((c, outcome) -> {
            JsonNode rounds = outcome.get("itemAfterRound");
            finals.put(c, rounds.get(rounds.size() - 1).asText());
        });
        return finals;
    }

    private static List<String> ids(JsonNode configurations) {
        List<String> ids = new ArrayList<>();
        configurations.forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id + " in " + configurations);
    }
}
