package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment command with offline agents: every family's figures on the paper's lists (the default) with their
 * protocol check, the seeded draws, the report folder, resuming, bad input.
 */
@QuarkusMainTest
class ExperimentCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String dataDir = TestData.dataDir().toString();

    @Test
    void everyFamilyRunsOnThePaperListsWithTheProtocolCheckAndARerunComputesNothing(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws IOException {
        String[] args = {"experiment", "all", "--data-dir", dataDir, "--dataset", "lastfm", "--rows", "20",
            "--rec-models", "sasrec,gru4rec", "--output", dir.resolve("report").toString(),
            "--work-dir", dir.resolve("cases").toString(), "--reference-models", TestData.referenceModels().toString()};
        LaunchResult first = launcher.launch(args);
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(first.getErrorOutput()).contains("20/20 cases", "/s, ETA");
        JsonNode report = JSON.readTree(dir.resolve("report/results.json").toFile());
        List<String> ids = new ArrayList<>();
        report.get("recommendation").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).contains("lastfm/sasrec/base/random", "lastfm/gru4rec/afl/random",
                "lastfm/gru4rec/top5-by-sasrec/random", "lastfm/gru4rec/top5-by-user/random",
                "lastfm/gru4rec/afl-no-rec-model/random", "lastfm/gru4rec/afl-no-reward-model/random",
                "lastfm/gru4rec/afl-no-models/random", "lastfm/gru4rec/afl/first", "lastfm/gru4rec/base/last");
        String markdown = Files.readString(dir.resolve("report/report.md"));
        for (JsonNode c : report.get("recommendation")) {
            // One case per row: HitRatio@1 is hits/20 exactly, and the report says so.
            assertThat(c.get("cases").asInt()).isEqualTo(20);
            assertThat(c.get("rows").asInt()).isEqualTo(20);
            double mean = c.at("/hitRatio/mean").asDouble();
            int hits = c.get("hits").asInt();
            assertThat(mean).isCloseTo(hits / 20.0, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(c.get("hitsByRound").get(c.get("hitsByRound").size() - 1).asInt()).isEqualTo(hits);
            assertThat(markdown).contains(String.format(java.util.Locale.ROOT, "%.4f (%d/20) [", mean, hits));
            assertThat(c.at("/hitRatio/ciLow").asDouble()).isLessThanOrEqualTo(mean);
            assertThat(c.at("/hitRatio/ciHigh").asDouble()).isGreaterThanOrEqualTo(mean);
            assertThat(c.get("hitRatioByRound").size()).isEqualTo(c.get("method").asText().startsWith("afl") ? 4 : 1);
            double shares = 0;
            for (JsonNode share : c.at("/popularityByRound/0")) {
                shares += share.get("mean").asDouble();
                assertThat(share.get("ciLow").asDouble()).isLessThanOrEqualTo(share.get("mean").asDouble());
            }
            assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        }
        JsonNode afl = find(report.get("recommendation"), "lastfm/gru4rec/afl/random");
        assertThat(afl.get("audit")).isNotEmpty();
        assertThat(afl.at("/audit/0/judgements").asInt()).isEqualTo(20);
        // Offline agents make no LLM calls: the ledger says so.
        assertThat(afl.at("/ledger/llmCalls").asLong()).isZero();
        assertThat(report.get("recommendationComparisons")).isNotEmpty();
        pairedTestsAreClusteredAndIdentitiesAreNotTested(report);
        everyAflRowHasItsBaselinesAndTheirPower(report, markdown);
        assertThat(report.get("userSimulation")).hasSize(9);
        assertThat(report.at("/userSimulation/0/users").asInt()).isEqualTo(20);
        assertThat(report.at("/protocol/userSimulationThresholds/1:1/validationJudgements").asInt()).isPositive();
        assertThat(report.at("/manifest/modelSha256/lastfm~1gru4rec").asText()).hasSize(64);
        assertThat(report.at("/protocol/candidateLists").asText()).isEqualTo("paper");
        assertThat(report.at("/manifest/candidateLists").asText()).isEqualTo("paper");
        assertThat(report.at("/manifest/seeds").get(0).asLong()).isEqualTo(303);
        assertThat(report.at("/manifest/seeds")).hasSize(1);
        // The protocol check runs on the whole test split whatever --rows says.
        JsonNode check = report.get("protocolCheck");
        assertThat(check.get("rows").asInt()).isEqualTo(122);
        JsonNode aflCheckpoint = check.get("checkpoints").get(0);
        assertThat(aflCheckpoint.get("model").asText()).isEqualTo("afl-sasrec");
        assertThat(aflCheckpoint.get("hits").asInt()).isEqualTo(36);
        assertThat(aflCheckpoint.get("expectedHits").asInt()).isEqualTo(36);
        assertThat(check.at("/priorAnswers/amongCandidates").asInt()).isEqualTo(122);
        assertThat(report.at("/manifest/modelSha256/lastfm~1afl-sasrec").asText()).hasSize(64);
        assertThat(markdown).contains("## Protocol check",
                "| afl-sasrec-lastfm.pt | afl-sasrec | 0.2951 (36/122) | 36/122 | yes |",
                "| llara-sasrec-lastfm.pt | llara-sasrec | 0.2541 (31/122) | 31/122 | yes |",
                "among their row's candidates: **122/122**.", "- **Candidate lists**: paper");
        assertThat(first.getOutput()).contains("protocol check: afl-sasrec alone 36/122 on the paper's lists",
                "122/122 recorded answers");
        try (Stream<Path> files = Files.list(dir.resolve("cases"))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> name.contains("-paper-offline"));
        }
        // Every resource the default prompt set renders from: its 10 templates, the re-ask and the 4 domains' words.
        assertThat(report.at("/manifest/promptSet").asText()).isEqualTo("paper");
        assertThat(report.at("/manifest/promptTemplateSha256").size()).isEqualTo(15);
        for (String resource : new String[] {"paper/recommender-system.txt", "paper/user-system.txt",
            "domains/music.properties", "correction.txt"}) {
            assertThat(report.at("/manifest/promptTemplateSha256").path(resource).asText()).as(resource).hasSize(64);
        }
        assertThat(report.at("/protocol/promptSet").asText()).startsWith("paper (not read: offline agents");
        for (String chart : new String[] {"rounds-curve.png", "popularity.png", "position.png",
            "user-simulation-rounds.png"}) {
            assertThat(ImageIO.read(dir.resolve("report").resolve(chart).toFile())).as(chart).isNotNull();
        }
        assertThat(markdown).contains("rounds-curve.png", "User simulation", "McNemar");
        long caseLines = caseLines(dir.resolve("cases"));

        // A rerun finds every case done: it computes none and reports the same figures.
        LaunchResult second = launcher.launch(args);
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        assertThat(second.getErrorOutput()).doesNotContain("cases,");
        JsonNode again = JSON.readTree(dir.resolve("report/results.json").toFile());
        assertThat(again.get("recommendation")).isEqualTo(report.get("recommendation"));
        assertThat(again.get("userSimulation")).isEqualTo(report.get("userSimulation"));
        assertThat(caseLines(dir.resolve("cases"))).isEqualTo(caseLines);
    }

    /**
     * Offline, the Rec Agent is the base model, SASRec's AFL is SASRec (the reward model), and AFL against the Rec
     * Agent repeats AFL against the base model: listed, not tested. The tested ones share one Holm family, and no
     * case-level p-value is written anywhere.
     */
    private static void pairedTestsAreClusteredAndIdentitiesAreNotTested(JsonNode report) {
        JsonNode comparisons = report.get("recommendationComparisons");
        assertThat(comparison(comparisons, "lastfm/gru4rec/rec-agent/random", "lastfm/gru4rec/base/random")
                .at("/test/status").asText()).isEqualTo("IDENTICAL_BY_CONSTRUCTION");
        assertThat(comparison(comparisons, "lastfm/sasrec/afl/random", "lastfm/sasrec/base/random")
                .at("/test/note").asText()).contains("the recommendation model is the reward model");
        JsonNode repeat = comparison(comparisons, "lastfm/gru4rec/afl/random", "lastfm/gru4rec/rec-agent/random");
        assertThat(repeat.at("/test/status").asText()).isEqualTo("SAME_AS_ANOTHER");
        assertThat(repeat.at("/test/tests").isNull()).isTrue();
        JsonNode afl = comparison(comparisons, "lastfm/gru4rec/afl/random", "lastfm/gru4rec/base/random");
        assertThat(afl.at("/test/clusters").asInt()).isEqualTo(20);
        int tested = 0;
        for (JsonNode c : comparisons) {
            tested += c.at("/test/status").asText().equals("TESTED") ? 1 : 0;
        }
        for (JsonNode c : comparisons) {
            if (c.at("/test/status").asText().equals("TESTED")) {
                assertThat(c.at("/test/tests/familySize").asInt()).isEqualTo(tested);
                assertThat(c.at("/test/tests/clusteredMcNemarHolmP").asDouble())
                        .isGreaterThanOrEqualTo(c.at("/test/tests/clusteredMcNemar/p").asDouble());
                assertThat(c.at("/test/tests/signFlip/p").asDouble()).isBetween(0.0, 1.0);
            }
        }
        assertThat(tested).isLessThan(comparisons.size());
        for (JsonNode c : report.get("userSimulationComparisons")) {
            assertThat(c.at("/test/status").asText()).isEqualTo("IDENTICAL_BY_CONSTRUCTION");
        }
        assertThat(report.toString()).doesNotContain("mcNemarP");
    }

    /**
     * Each model's AFL row beside the three baselines (run on the test rows and chosen on the validation split), its
     * difference to the best tested in the family (SASRec's identical by construction: both models are the reward
     * model), and the power of AFL against the base model beside the paper's gain; the header's fingerprint.
     */
    private static void everyAflRowHasItsBaselinesAndTheirPower(JsonNode report, String markdown) {
        for (String model : List.of("sasrec", "gru4rec")) {
            for (String baseline : List.of("reward-model", "rank-fusion", "model-top5-by-reward")) {
                assertThat(find(report.get("recommendation"), "lastfm/" + model + "/" + baseline + "/random")
                        .get("cases").asInt()).isEqualTo(20);
            }
        }
        JsonNode baselines = report.get("baselines");
        assertThat(baselines).hasSize(2);
        for (JsonNode choice : baselines) {
            assertThat(choice.get("validationCases").asInt()).isEqualTo(122);
            assertThat(choice.get("validationHitRatio")).hasSize(3);
            JsonNode best = comparison(report.get("recommendationComparisons"), choice.get("aflId").asText(),
                    choice.get("chosenId").asText());
            assertThat(best.at("/test/clusters").asInt()).isEqualTo(20);
        }
        JsonNode sasrec = comparison(report.get("recommendationComparisons"), "lastfm/sasrec/afl/random",
                baselines.get(0).get("chosenId").asText());
        assertThat(sasrec.at("/test/status").asText()).isEqualTo("IDENTICAL_BY_CONSTRUCTION");
        JsonNode power = report.get("power");
        assertThat(power).hasSize(2);
        assertThat(power.get(0).get("paperDifference").asDouble()).isEqualTo(0.0901);
        assertThat(power.get(0).get("note").asText()).contains("never differ");
        assertThat(markdown).contains("## Protocol fingerprint", "- **Prompt set**: none", "### AFL against its baselines",
                "### Power", "**Offline agents: the loop reduces to re-ranking by the reward model.**",
                "### User-simulation F1 by round (Figure 4b)", "not comparable: the paper's figure is an LLM's");
    }

    private static JsonNode comparison(JsonNode comparisons, String first, String second) {
        for (JsonNode c : comparisons) {
            if (c.get("first").asText().equals(first) && c.get("second").asText().equals(second)) {
                return c;
            }
        }
        throw new AssertionError("no comparison " + first + " vs " + second + " in " + comparisons);
    }

    @Test
    void theSeededDrawsAreTheOtherProtocolAndNeverResumeFromThePaperCases(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws IOException {
        String[] common = {"experiment", "recommendation", "--data-dir", dataDir, "--dataset", "movielens", "--rows",
            "6", "--rec-models", "sasrec", "--variant-model", "sasrec", "--work-dir", dir.resolve("cases").toString(),
            "--reference-models", dir.toString()};
        LaunchResult paper = launcher.launch(concat(common, "--output", dir.resolve("paper").toString()));
        assertThat(paper.exitCode()).as(paper.getErrorOutput()).isZero();
        // Same rows, same work folder, the other lists: every case is played again, none resumed.
        LaunchResult seeds = launcher.launch(concat(common, "--candidates", "seeds", "--seeds", "2", "--output",
                dir.resolve("seeds").toString()));
        assertThat(seeds.exitCode()).as(seeds.getErrorOutput()).isZero();
        assertThat(seeds.getErrorOutput()).contains("12/12 cases");
        JsonNode report = JSON.readTree(dir.resolve("seeds/results.json").toFile());
        assertThat(report.at("/protocol/candidateLists").asText()).isEqualTo("seeds");
        assertThat(report.at("/manifest/seeds")).hasSize(2);
        JsonNode base = find(report.get("recommendation"), "movielens/sasrec/base/random");
        assertThat(base.get("cases").asInt()).isEqualTo(12);
        assertThat(base.get("rows").asInt()).isEqualTo(6);
        String markdown = Files.readString(dir.resolve("seeds/report.md"));
        // Two cases per row: the mean over rows with its CI, no fraction. No checkpoint nor recorded answers for
        // MovieLens here: no protocol check.
        assertThat(markdown).doesNotContain("/12)").doesNotContain("/6)").doesNotContain("## Protocol check");
        assertThat(report.get("protocolCheck").isNull()).isTrue();
        assertThat(Files.readString(dir.resolve("paper/report.md"))).contains("(", "/6) [");
    }

    @Test
    void theMechanismStudyPlaysTheSimulatedUsersAgainstTheBaselinesAndRepeatsExactly(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws IOException {
        String[] args = {"mechanism", "--data-dir", dataDir, "--dataset", "lastfm", "--rows", "12", "--rec-models",
            "sasrec,gru4rec", "--epsilons", "0,0.2", "--user-seeds", "2", "--output", dir.resolve("one").toString()};
        LaunchResult first = launcher.launch(concat(new String[] {"experiment"}, args));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(first.getOutput()).contains("Mechanism study done in");
        JsonNode report = JSON.readTree(dir.resolve("one/results.json").toFile());
        JsonNode rows = report.at("/result/rows");
        // Per model: the offline user, then 2 noise levels for each simulated user.
        assertThat(rows).hasSize(2 * 5);
        int tested = 0;
        for (JsonNode row : rows) {
            assertThat(row.get("rows").asInt()).isEqualTo(12);
            boolean drawn = row.get("user").asText().equals("calibrated") || row.get("epsilon").asDouble() > 0;
            assertThat(row.get("userSeeds").asInt()).isEqualTo(drawn ? 2 : 1);
            assertThat(row.at("/movedAway/mean").asDouble()).isGreaterThanOrEqualTo(
                    row.at("/movedAndRight/mean").asDouble() + row.at("/movedAndLost/mean").asDouble() - 1e-12);
            assertThat(row.at("/meanRounds/mean").asDouble()).isBetween(1.0, 4.0);
            tested += row.at("/test/status").asText().equals("TESTED") ? 1 : 0;
        }
        // SASRec with the offline user is the reward model alone: identical by construction, not tested.
        JsonNode sasrecOffline = rows.get(0);
        assertThat(sasrecOffline.get("user").asText()).isEqualTo("offline");
        assertThat(sasrecOffline.at("/test/status").asText()).isEqualTo("IDENTICAL_BY_CONSTRUCTION");
        assertThat(sasrecOffline.at("/movedAway/mean").asDouble()).isZero();
        for (JsonNode row : rows) {
            if (row.at("/test/status").asText().equals("TESTED")) {
                assertThat(row.at("/test/tests/familySize").asInt()).isEqualTo(tested);
            }
        }
        // The calibrated user was calibrated on the validation split (122 rows x 10 draws), whatever --rows says.
        assertThat(report.at("/result/calibration/estimatedOn/cases").asInt()).isEqualTo(1_220);
        assertThat(report.at("/result/calibration/estimatedOn/split").asText()).isEqualTo("valid");
        assertThat(report.at("/result/power")).hasSize(2);
        String markdown = Files.readString(dir.resolve("one/report.md"));
        assertThat(markdown).contains("not evidence about LLM agents", "## Protocol fingerprint", "### Calibrated noisy user",
                "### Independent-information user", "## AFL with each user", "- **Run time**: ");
        for (String chart : List.of("afl-minus-best-baseline.png", "hits-won.png", "hits-lost.png", "rounds.png")) {
            assertThat(ImageIO.read(dir.resolve("one").resolve(chart).toFile())).as(chart).isNotNull();
            assertThat(markdown).contains("](" + chart + ")");
        }
        // Seeded per decision: a second run gives the same sessions.
        args[args.length - 1] = dir.resolve("two").toString();
        LaunchResult second = launcher.launch(concat(new String[] {"experiment"}, args));
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        assertThat(JSON.readTree(dir.resolve("two/results.json").toFile()).at("/result/rows")).isEqualTo(rows);
    }

    @Test
    void badInputIsAUserErrorThatSaysWhatToDo(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult family = launcher.launch("experiment", "tables", "--data-dir", dataDir);
        assertThat(family.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(family.getErrorOutput()).contains("Unknown experiment family 'tables'", "user-simulation", "mechanism");
        LaunchResult noise = launcher.launch("experiment", "mechanism", "--data-dir", dataDir, "--epsilons", "0,1.5",
                "--rows", "2", "--output", dir.resolve("noise").toString());
        assertThat(noise.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(noise.getErrorOutput()).contains("must be in [0, 1], got 1.5");
        LaunchResult llm = launcher.launch("experiment", "mechanism", "--data-dir", dataDir, "--rec-models", "llm",
                "--output", dir.resolve("llm").toString());
        assertThat(llm.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(llm.getErrorOutput()).contains("runs without an LLM");
        LaunchResult rows = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--rows", "0");
        assertThat(rows.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(rows.getErrorOutput()).contains("--rows must be at least 1");
        LaunchResult price = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--price-input", "-1",
                "--output", dir.toString());
        assertThat(price.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(price.getErrorOutput()).contains("token prices cannot be negative");
        LaunchResult dataset = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--dataset", "netflix");
        assertThat(dataset.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(dataset.getErrorOutput()).contains("Unknown dataset 'netflix'");
        LaunchResult lists = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--candidates", "llara");
        assertThat(lists.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(lists.getErrorOutput()).contains("Unknown candidate lists 'llara'", "paper or seeds");
        LaunchResult seeds = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--candidates", "paper",
                "--seeds", "3");
        assertThat(seeds.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(seeds.getErrorOutput()).contains("--seeds applies to --candidates seeds");
        LaunchResult prompts = launcher.launch("experiment", "bias", "--data-dir", dataDir, "--prompt-set", "table-1");
        assertThat(prompts.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(prompts.getErrorOutput()).contains("Unknown prompt set 'table-1': choose paper, reference-code,"
                + " extended");
    }

    @Test
    void thePromptSetOfARunIsInItsManifest(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        LaunchResult run = launcher.launch("experiment", "recommendation", "--data-dir", dataDir, "--dataset", "lastfm",
                "--rows", "2", "--seeds", "1", "--rec-models", "sasrec", "--variant-model", "sasrec", "--prompt-set",
                "extended", "--output", dir.resolve("report").toString(), "--work-dir", dir.resolve("cases").toString());
        assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
        JsonNode report = JSON.readTree(dir.resolve("report/results.json").toFile());
        assertThat(report.at("/manifest/promptSet").asText()).isEqualTo("extended");
        List<String> resources = new ArrayList<>();
        report.at("/manifest/promptTemplateSha256").fieldNames().forEachRemaining(resources::add);
        assertThat(resources).hasSize(15).contains("extended/recommender-system.txt", "extended/user-user.txt",
                "correction.txt", "domains/game.properties").noneMatch(name -> name.startsWith("paper/"));
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("- **Prompt set**: extended");
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    private static long caseLines(Path folder) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
        }
        return lines;
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id);
    }
}
