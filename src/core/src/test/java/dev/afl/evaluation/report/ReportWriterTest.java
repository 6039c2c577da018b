package dev.afl.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-made experiment written to a folder: the JSON, the charts and the Markdown a reader gets. */
class ReportWriterTest {

    @TempDir
    static Path folder;

    private static final ExperimentReport FULL = SampleReports.full();
    private static List<Path> written;
    private static String markdown;

    @BeforeAll
    static void writeTheFullReport() throws IOException {
        written = new ReportWriter().write(FULL, folder.resolve("lastfm"));
        markdown = Files.readString(folder.resolve("lastfm/report.md"));
    }

    @Test
    void writesResultsChartsAndReport() {
        Path report = folder.resolve("lastfm");
        assertThat(written).containsExactly(report.resolve("results.json"), report.resolve("rounds-curve.png"),
                report.resolve("popularity.png"), report.resolve("position.png"),
                report.resolve("user-simulation-rounds.png"), report.resolve("report.md"));
        assertThat(written).allMatch(Files::isRegularFile);
    }

    @Test
    void chartsArePngsOfTheExpectedSizeWithSomethingDrawn() throws IOException {
        for (String chart : List.of("rounds-curve.png", "popularity.png", "position.png", "user-simulation-rounds.png")) {
            BufferedImage image = ImageIO.read(folder.resolve("lastfm").resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).as(chart).isEqualTo(Charts.DEFAULT_WIDTH);
            assertThat(image.getHeight()).as(chart).isEqualTo(Charts.DEFAULT_HEIGHT);
            assertThat(distinctColours(image)).as(chart).isGreaterThan(3);
        }
    }

    @Test
    void markdownHasEverySectionAndLinksTheCharts() {
        assertThat(markdown).startsWith("# AFL on LastFM\n").contains(
                "## What was run", "## Recommendation", "### HitRatio@1 by round", "### Paired comparisons",
                "### Popularity bias", "### Position bias", "### Reward-vs-LLM disagreement audit",
                "## User simulation", "### User-simulation comparisons", "## Paper figures", "## Manifest",
                "![HitRatio@1 by round](rounds-curve.png)", "![Popularity of the answers](popularity.png)",
                "![HitRatio@1 by position of the true item](position.png)", "## Protocol fingerprint",
                "### User-simulation F1 by round (Figure 4b)", "![User-simulation F1 by round](user-simulation-rounds.png)",
                "### AFL against its baselines", "### Power");
    }

    @Test
    void theHeaderGivesTheProtocolFingerprint() {
        assertThat(markdown).contains("- **Dataset**: lastfm\n",
                "- **Candidate protocol**: seeds: one list per row and candidate seed, seeds 0..1 (2)\n",
                "- **Denominators**: recommendation 122 test rows, 244 cases per configuration; baselines chosen on"
                        + " 122 validation rows (122 cases); user simulation 1:1: 500 users, 1,000 judgements; 1:9: 500"
                        + " users, 5,000 judgements\n",
                "- **Split files (sha256, first 12)**: `lastfm/test.jsonl` aaaabbbbcccc\n",
                "- **Prompt set**: paper\n", "- **Agents**: llm\n");
        // LLM agents: no offline caveat.
        assertThat(markdown).doesNotContain("the loop reduces to re-ranking");
        String offline = new MarkdownReport().render(SampleReports.paperLists(), Map.of());
        assertThat(offline).contains("- **Prompt set**: none: no agent of this run reads a prompt (offline)",
                "**Offline agents: the loop reduces to re-ranking by the reward model.**");
    }

    @Test
    void everyAflRowHasItsBaselinesAndItsDifferenceToTheBestWithItsTest() {
        assertThat(markdown).contains("| Model | AFL | Reward model alone | Rank fusion of both models (RRF, k = 60) "
                        + "| Model top-5 re-ranked by the reward model | Best on validation (its validation HitRatio@1) "
                        + "| AFL - best [95% CI] |",
                "| sasrec | 0.3402 [0.2950, 0.3852] | not run | not run | not run | Reward model alone (0.3033) "
                        + "| n/a | - | - | n/a | Rank fusion of both models (RRF, k = 60): 0.0205 [-0.0123, 0.0533] |",
                "chosen on the validation split (122 cases over 122 rows", "optimistic comparator");
    }

    @Test
    void powerSaysTheSmallestDetectableDifferenceBesideThePapersGain() {
        assertThat(markdown).contains("| sasrec | AFL vs Base model | 122 x 2 | 0.2951 | 0.1400 | 0.3000 | 0.0570 "
                        + "| +0.0901 | 0.0451 [0.0123, 0.0779] | a gain as large as the paper's would be detected |",
                "| gru4rec | AFL vs Base model | 122 x 2 | 0.2787 | 0.0000 | 0.0000 | n/a: the two never differ",
                "80% power at alpha 0.05");
    }

    @Test
    void figureFourBShowsTheUserAgentsF1AfterEachRound() {
        assertThat(markdown).contains("| Ratio | Users / judgements | After round 1 | After round 2 | After round 3 "
                + "| After round 4 | User Agent, no memory | Reward Model |",
                "| 1:1 | 500 / 1,000 | 0.7300 [0.7050, 0.7550] | 0.7450 [0.7200, 0.7700] | 0.7542 [0.7300, 0.7780] "
                        + "| 0.7542 [0.7300, 0.7780] | 0.7241 [0.7000, 0.7480] | 0.6902 [0.6650, 0.7150] |");
    }

    @Test
    void whatWasRunNamesTheDatasetAgentsSizesAndProtocol() {
        assertThat(markdown).contains("Dataset: **lastfm**. Agents: llm.",
                "Recommendation: 17 configurations, n = 244 cases over 122 rows each.",
                "User simulation: 6 configurations, n = 500 users and 1,000 to 5,000 judgements each.",
                "- **split**: test\n", "- **candidates**: 20\n", "- **seeds**: 0, 1\n",
                "- **bootstrap**:\n  - **resamples**: 1000\n");
    }

    @Test
    void recommendationTableRowsCarryTheFormattedFigures() {
        assertThat(markdown).contains(
                "| AFL | sasrec | random | 244 / 122 | 0.3402 [0.2950, 0.3852] | 0.9918 [0.9795, 1.0000] "
                        + "| 2.35 [2.20, 2.51] | 1,234 | 2,345,678 / 123,456 | 0.4567 |",
                "| Base model | gru4rec | last | 244 / 122 | 0.2623 [0.2213, 0.3033] | 0.9918 [0.9795, 1.0000] "
                        + "| 1.00 [1.00, 1.00] | 0 | 0 / 0 | 0.0000 |");
    }

    @Test
    void roundsCurveTableHasOneRowPerLoopAtRandom() {
        assertThat(markdown).contains("| Configuration | Round 1 | Round 2 | Round 3 | Round 4 |",
                "| sasrec · AFL | 0.3115 [0.2700, 0.3550] | 0.3279 [0.2840, 0.3716] | 0.3361 [0.2910, 0.3810] "
                        + "| 0.3402 [0.2950, 0.3852] |",
                "| gru4rec · AFL without the recommendation model | 0.2100 [0.1700, 0.2500] ",
                "Base model for reference (dashed in the chart): sasrec 0.2951 [0.2541, 0.3361]; "
                        + "gru4rec 0.2787 [0.2377, 0.3197].");
        assertThat(roundsCurveRows()).hasSize(4);
    }

    @Test
    void pairedComparisonsShowClusteredTestsWithHolmAndWhyOthersAreNotTested() {
        assertThat(markdown).contains(
                "| First | Second | Cases | Difference [95% CI] | Only first / only second hits | Rows that differ "
                        + "| Clustered McNemar p | Sign-flip p | Tested |",
                "| sasrec · AFL (random) | sasrec · Base model (random) | 244 | 0.0451 [0.0123, 0.0779] | 20 / 9 "
                        + "| 17 of 122 | 0.0610 (Holm 0.1220) | 0.0654 (Holm 0.1308) | yes |",
                "| gru4rec · AFL (random) | gru4rec · Rec Agent (1 round, no user agent) (random) | 244 "
                        + "| 0.0738 [0.0410, 0.1066] | 31 / 3 | 25 of 122 | <0.0001 (Holm 0.0001) "
                        + "| <0.0001 (Holm 0.0001) | yes |",
                "| sasrec · Rec Agent (1 round, no user agent) (random) | sasrec · Base model (random) | 244 "
                        + "| 0.0000 [0.0000, 0.0000] | 0 / 0 | 0 of 122 | - | - | no: identical by construction (the "
                        + "offline Rec Agent proposes the recommendation model's best candidate) |",
                "Holm adjustment over the 2 comparisons tested in this table");
        // No case-level test is printed any more.
        assertThat(markdown).doesNotContain("McNemar's exact test", "| McNemar p |");
    }

    @Test
    void popularityTableHasEachRoundAndTheTrueItems() {
        assertThat(markdown).contains("| Configuration | Answers | Cases / rows | top 20% [95% CI] | 20-50% [95% CI] "
                        + "| bottom 50% [95% CI] |",
                "| sasrec · Base model | final | 244 / 122 | 0.7000 [0.6500, 0.7500] | 0.2000 [0.1500, 0.2500] "
                        + "| 0.1000 [0.0500, 0.1500] |",
                "| sasrec · AFL | after round 1 | 244 / 122 | 0.5000 [0.4500, 0.5500] |",
                "| sasrec · AFL | after round 4 | 244 / 122 | 0.4600 [0.4100, 0.5100] |",
                "| True items | - | 244 / 122 | 0.5500 [0.5000, 0.6000] |",
                "The chart shows sasrec: its base model, AFL after each round, and the true items.");
    }

    @Test
    void positionTableHasMethodsRunAtSeveralPositions() {
        assertThat(markdown).contains(
                "| Method | Model | HitRatio@1, first [95% CI] | HitRatio@1, random [95% CI] "
                        + "| HitRatio@1, last [95% CI] |",
                "| AFL | sasrec | 0.3600 [0.3100, 0.4100] | 0.3402 [0.2950, 0.3852] | 0.3300 [0.2800, 0.3800] |",
                "| Base model | gru4rec | 0.3000 [0.2600, 0.3400] | 0.2787 [0.2377, 0.3197] "
                        + "| 0.2623 [0.2213, 0.3033] |");
        // Rec Agent ran at one position only: it is no position-bias row.
        assertThat(markdown).doesNotContain("| Rec Agent (1 round, no user agent) | sasrec | 0.");
    }

    @Test
    void auditTableHasARowPerRoundWithDisagreementShares() {
        assertThat(markdown).contains(
                "| sasrec · AFL (random) | 1 | 244 / 122 | 0.4100 [0.3600, 0.4600] | 0.7500 [0.7000, 0.8000] | top 5 "
                        + "| 12 / 80: 0.1500 [0.1000, 0.2000] | 9 / 60: 0.1500 [0.1000, 0.2000] | 2 |",
                // No high-ranked item judged in round 4: the share is undefined, not zero.
                "| sasrec · AFL (last) | 4 | 31 / 31 | 0.5800 [0.5300, 0.6300] | 0.6800 [0.6300, 0.7300] | top 5 "
                        + "| 2 / 11: 0.1818 [0.1318, 0.2318] | 0 / 0: n/a | 0 |");
        long auditRows = markdown.lines()
                .filter(line -> line.matches("\\| \\w+ · AFL \\((first|random|last)\\) \\|.*\\| top 5 \\|.*")).count();
        // 2 models x 3 positions x 4 rounds for AFL; the ablations have their own labels.
        assertThat(auditRows).isEqualTo(24);
    }

    @Test
    void userSimulationTableWritesNotAvailableForUndefinedMacro() {
        assertThat(markdown).contains(
                "| 1:1 | reward-model | 500 | 1,000 | 0.5000 | 0.8123 [0.7900, 0.8350] | 0.6000 [0.5700, 0.6300] "
                        + "| 0.6902 [0.6650, 0.7150] | n/a | 0.6100 [0.5600, 0.6600] | 0.6800 [0.6300, 0.7300] "
                        + "| 0.4000 [0.3500, 0.4500] | 0 | 0.0000 |",
                "| 1:9 | afl | 500 | 5,000 | 0.5000 | 0.7800 [0.7560, 0.8040] | 0.7300 [0.7050, 0.7550] "
                        + "| 0.7542 [0.7300, 0.7780] | 0.7700 [0.7200, 0.8200] | 0.7200 [0.6700, 0.7700] "
                        + "| 0.7400 [0.6900, 0.7900] | 0.1000 [0.0500, 0.1500] | 5,000 | 0.5580 |",
                "| 1:1 | afl | reward-model | 1,000 | 0.0640 [0.0400, 0.0880] | 88 / 40 | 61 of 500 "
                        + "| <0.0001 (Holm 0.0002) | <0.0001 (Holm 0.0001) | yes |",
                "| 1:9 | afl | user-agent | 5,000 | 0.0301 [0.0100, 0.0500] | 210 / 160 | 140 of 500 "
                        + "| 0.0239 (Holm 0.0239) | 0.0262 (Holm 0.0262) | yes |",
                "| 1:9 | user-agent | reward-model | 5,000 | 0.0000 [0.0000, 0.0000] | 0 / 0 | 0 of 500 | - | - "
                        + "| no: no discordant case |",
                "the user as the unit of independence");
    }

    @Test
    void paperFiguresSitNextToOursWhereWeRanTheSameRow() {
        assertThat(markdown).contains(
                "| Base model | sasrec | 0.2869 | 0.2951 [0.2541, 0.3361] | +0.0082 | yes |",
                "| AFL | sasrec | 0.3443 | 0.3402 [0.2950, 0.3852] | -0.0041 | yes |",
                "| Rec Agent (1 round, no user agent) | caser | 0.2000 | not run | - | - |");
    }

    @Test
    void offlineFiguresAreNotSetAgainstThePapersLlmFigures() {
        ExperimentReport llm = SampleReports.full();
        ExperimentReport offline = new ExperimentReport(llm.title(), llm.generatedAt(), llm.dataset(), "offline",
                llm.protocol(), llm.manifest(), llm.recommendation(), llm.recommendationComparisons(),
                llm.userSimulation(), llm.userSimulationComparisons(), llm.targetPopularity(), llm.baseline(), null,
                llm.baselines(), llm.power());
        String text = new MarkdownReport().render(offline, Map.of());
        assertThat(text).contains("| Base model | sasrec | 0.2869 | 0.2951 [0.2541, 0.3361] | +0.0082 | yes |",
                "| AFL | sasrec | 0.3443 | 0.3402 [0.2950, 0.3852] | - | not comparable: the paper's figure is an"
                        + " LLM's, ours offline |");
    }

    @Test
    void onThePaperListsEveryHitRatioHasItsExactFractionAndTheProtocolCheckIsShown() {
        String paper = new MarkdownReport().render(SampleReports.paperLists(), Map.of());
        assertThat(paper).contains(
                "| Base model | sasrec | random | 122 / 122 | 0.2951 (36/122) [0.2151, 0.3751] |",
                "| sasrec · AFL | 0.3115 (38/122) [0.2315, 0.3915] | 0.3361 (41/122) [0.2561, 0.4161] "
                        + "| 0.3443 (42/122) [0.2643, 0.4243] | 0.3525 (43/122) [0.2725, 0.4325] |",
                "Base model for reference (dashed in the chart): sasrec 0.2951 (36/122) [0.2151, 0.3751].",
                "| Base model | sasrec | 0.2869 | 0.2951 (36/122) [0.2151, 0.3751] |",
                "## Protocol check",
                "| afl-sasrec-lastfm.pt | afl-sasrec | 0.2951 (36/122) | 36/122 | yes |",
                "| llara-sasrec-lastfm.pt | llara-sasrec | 0.2459 (30/122) | 31/122 | **no** |",
                "among their row's candidates: **121/122**; not among them: rows 17.",
                "- **Candidate lists**: seeds");
        // Several cases per row (the seeded draws): the mean with its CI, no fraction.
        assertThat(markdown).doesNotContain("/244)").doesNotContain("## Protocol check");
    }

    @Test
    void manifestShortensDigestsToTwelveHexDigits() {
        assertThat(markdown).contains("- **Code version**: 5398398abcde", "- **Created at**: 2025-05-01T09:30:00Z",
                "- **Seeds**: 0, 1", "- **Prompt set**: paper", "| sasrec | 0123456789ab |",
                "**Prompt resources**", "| paper/recommender-system.txt | fedcba987654 |",
                "| recommender | gpt-4o-mini |", "| lastfm/test.jsonl | aaaabbbbcccc |");
        assertThat(markdown).doesNotContain(SampleReports.SASREC_SHA);
    }

    @Test
    void resultsJsonReadsBackWithIsoDates() throws IOException {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        Path results = folder.resolve("lastfm/results.json");
        JsonNode root = json.readTree(results.toFile());
        assertThat(root.get("title").asText()).isEqualTo("AFL on LastFM");
        assertThat(root.get("recommendation")).hasSize(17);
        JsonNode afl = root.get("recommendation").get(5);
        assertThat(afl.get("id").asText()).isEqualTo("lastfm/sasrec/afl/random");
        assertThat(afl.get("hitRatio").get("mean").asDouble()).isEqualTo(0.3402);
        assertThat(afl.get("audit")).hasSize(4);
        assertThat(root.get("manifest").get("createdAt").asText()).isEqualTo("2025-05-01T09:30:00Z");
        assertThat(root.get("userSimulation").get(0).at("/macro/precision/mean").asText()).isEqualTo("NaN");
        assertThat(json.readValue(results.toFile(), ExperimentReport.class)).isEqualTo(FULL);
    }

    @Test
    void anEmptyReportHasNoFamilySectionsAndNoCharts() throws IOException {
        Path target = folder.resolve("empty");
        List<Path> files = new ReportWriter().write(SampleReports.empty(), target);
        assertThat(files).containsExactly(target.resolve("results.json"), target.resolve("report.md"));
        String text = Files.readString(target.resolve("report.md"));
        assertThat(text).contains("# Nothing run", "## What was run", "## Manifest")
                .doesNotContain("## Recommendation", "### HitRatio@1 by round", "### Paired comparisons",
                        "### Popularity bias", "### Position bias", "### Reward-vs-LLM", "## User simulation",
                        "### User-simulation comparisons", "## Paper figures", "![", "Protocol:");
        try (var listing = Files.list(target)) {
            assertThat(listing.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("results.json",
                    "report.md");
        }
    }

    @Test
    void rewritingAFolderWithoutChartsRemovesTheStaleOnes() throws IOException {
        Path target = folder.resolve("rewritten");
        new ReportWriter().write(FULL, target);
        assertThat(target.resolve("position.png")).exists();
        new ReportWriter().write(SampleReports.empty(), target);
        assertThat(target.resolve("rounds-curve.png")).doesNotExist();
        assertThat(target.resolve("popularity.png")).doesNotExist();
        assertThat(target.resolve("position.png")).doesNotExist();
        assertThat(target.resolve("user-simulation-rounds.png")).doesNotExist();
    }

    @Test
    void aFolderBlockedByAFileFailsNamingThePath() throws IOException {
        Path blocked = Files.writeString(folder.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> new ReportWriter().write(SampleReports.empty(), blocked.resolve("report")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(blocked.resolve("report").toAbsolutePath().toString())
                .hasMessageContaining("Give a folder that can be created and written");
    }

    @Test
    void chartsWithoutDataWriteNothing() throws IOException {
        Charts charts = new Charts();
        Path png = folder.resolve("nothing.png");
        assertThat(charts.roundsCurve(List.of(), png)).isFalse();
        assertThat(charts.popularityBars(List.of(), Map.of("top20", SampleReports.share(0.5)), png)).isFalse();
        assertThat(charts.userSimulationRounds(List.of(), png)).isFalse();
        assertThat(charts.positionBars(List.of(), png)).isFalse();
        // Base models alone: no loop to draw, but their positions can be compared.
        List<ConfigurationResult> bases = List.of(
                SampleReports.base("sasrec", "first", SampleReports.e(0.31, 0.27, 0.35)),
                SampleReports.base("sasrec", "random", SampleReports.e(0.29, 0.25, 0.33)));
        assertThat(charts.roundsCurve(bases, png)).isFalse();
        assertThat(charts.popularityBars(bases, Map.of("top20", SampleReports.share(0.5)), png)).isFalse();
        assertThat(png).doesNotExist();
        assertThat(charts.positionBars(bases, png)).isTrue();
        assertThat(png).isRegularFile();
    }

    @Test
    void theRoundsCurveHasOnePanelPerRecommendationModelWithOneSharedLegend() {
        List<ConfigurationResult> configurations = List.of(
                SampleReports.base("sasrec", "random", SampleReports.e(0.29, 0.25, 0.33)),
                SampleReports.afl("sasrec", "random", SampleReports.e(0.31, 0.27, 0.35)),
                SampleReports.base("gru4rec", "random", SampleReports.e(0.25, 0.20, 0.30)),
                SampleReports.afl("gru4rec", "random", SampleReports.e(0.28, 0.23, 0.33)),
                SampleReports.config("gru4rec", RecommendationMethod.AFL_WITHOUT_REWARD_MODEL, "random",
                        List.of(SampleReports.e(0.25, 0.20, 0.30), SampleReports.e(0.25, 0.20, 0.30)),
                        SampleReports.popularity(0.5, 0.3, 0.2), List.of(), SampleReports.ledger(244, 0, 0, 0, 0)),
                // Not at a random position: no curve, no panel.
                SampleReports.afl("caser", "first", SampleReports.e(0.30, 0.26, 0.34)));

        JFreeChart chart = Charts.roundsCurveChart(configurations).orElseThrow();

        CombinedRangeXYPlot combined = (CombinedRangeXYPlot) chart.getPlot();
        List<XYPlot> panels = combined.getSubplots();
        assertThat(panels).extracting(panel -> panel.getDomainAxis().getLabel())
                .containsExactly("sasrec: round of the loop", "gru4rec: round of the loop");
        assertThat(panels).extracting(panel -> panel.getDataset().getSeriesCount()).containsExactly(1, 2);
        // Each panel draws its model's base line as a level, and whiskers rather than bands.
        assertThat(panels).allSatisfy(panel -> {
            assertThat(panel.getRangeMarkers(Layer.BACKGROUND)).hasSize(1);
            assertThat(panel.getRenderer()).isInstanceOf(XYErrorRenderer.class);
        });
        assertThat(((ValueMarker) panels.get(1).getRangeMarkers(Layer.BACKGROUND).iterator().next()).getValue())
                .isEqualTo(0.25);
        // AFL looks the same in both panels, and differs from its variant in colour, line and marker.
        XYErrorRenderer sasrec = (XYErrorRenderer) panels.get(0).getRenderer();
        XYErrorRenderer gru4rec = (XYErrorRenderer) panels.get(1).getRenderer();
        assertThat(gru4rec.getSeriesPaint(0)).isEqualTo(sasrec.getSeriesPaint(0));
        assertThat(gru4rec.getSeriesShape(0)).isEqualTo(sasrec.getSeriesShape(0));
        assertThat(gru4rec.getSeriesPaint(1)).isNotEqualTo(gru4rec.getSeriesPaint(0));
        assertThat(gru4rec.getSeriesStroke(1)).isNotEqualTo(gru4rec.getSeriesStroke(0));
        assertThat(gru4rec.getSeriesShape(1)).isNotEqualTo(gru4rec.getSeriesShape(0));
        // Two AFL curves at round 1 with the same value are drawn apart.
        assertThat(panels.get(1).getDataset().getXValue(0, 0)).isNotEqualTo(panels.get(1).getDataset().getXValue(1, 0));
        List<String> legend = new ArrayList<>();
        for (int item = 0; item < combined.getLegendItems().getItemCount(); item++) {
            legend.add(combined.getLegendItems().get(item).getLabel());
        }
        assertThat(legend).containsExactly("AFL", "AFL without the reward model",
                "Base model (the panel's model alone)");
    }

    @Test
    void aBaseLevelOutsideEveryWhiskerStillShowsOnTheRoundsCurve() {
        List<ConfigurationResult> configurations = List.of(
                SampleReports.base("sasrec", "random", SampleReports.e(0.60, 0.55, 0.65)),
                SampleReports.afl("sasrec", "random", SampleReports.e(0.31, 0.27, 0.35)));

        JFreeChart chart = Charts.roundsCurveChart(configurations).orElseThrow();

        org.jfree.data.Range shown = ((CombinedRangeXYPlot) chart.getPlot()).getRangeAxis().getRange();
        assertThat(shown.contains(0.60)).as("%s shows the base level 0.60", shown).isTrue();
        assertThat(shown.contains(0.27 - 0.025)).as("%s shows AFL's lowest whisker", shown).isTrue();
    }

    @Test
    void pipesInCellsDoNotBreakTheTable() {
        ConfigurationResult piped = SampleReports.config("sasrec|v2", RecommendationMethod.BASE, "random",
                List.of(SampleReports.e(0.3, 0.25, 0.35)), SampleReports.popularity(0.7, 0.2, 0.1), List.of(),
                SampleReports.ledger(10, 0, 0, 0, 0));
        ExperimentReport report = new ExperimentReport("Pipes", null, "lastfm", "none", Map.of(), null,
                List.of(piped), List.of(), List.of(), List.of(), Map.of(), Map.of(), null, List.of(), List.of());
        String text = new MarkdownReport().render(report, Map.of());
        assertThat(text).contains("| Base model | sasrec\\|v2 | random | 244 / 122 |");
    }

    private static List<String> roundsCurveRows() {
        String section = markdown.substring(markdown.indexOf("### HitRatio@1 by round"),
                markdown.indexOf("### Paired comparisons"));
        return section.lines().filter(line -> line.startsWith("| ") && line.contains(" · ")).toList();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
