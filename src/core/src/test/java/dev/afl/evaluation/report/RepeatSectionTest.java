package dev.afl.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.recommendation.RepeatExperiment;
import dev.afl.evaluation.recommendation.RepeatFigures;
import dev.afl.evaluation.recommendation.RepeatFiguresTest;
import dev.afl.evaluation.recommendation.RepeatRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repeat runs in results.json and report.md, and nothing of them in a report of one run. */
class RepeatSectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RepeatRuns repeats() {
        return new RepeatRuns(3, List.of(1, 2, 3), List.of(RepeatFigures.of(RepeatFiguresTest.REC_AGENT,
                List.of(1, 2, 3), List.of(RepeatFiguresTest.run("t", "x", "t", "y", "t"),
                        RepeatFiguresTest.run("t", "t", "z", "y", "t"), RepeatFiguresTest.run("t", "x", "t", "w", "x")),
                10, CostLedger.Prices.DEFAULT)), List.of("lastfm/sasrec/base/random"),
                RepeatExperiment.RAN_ONCE_BECAUSE);
    }

    @Test
    void aReportWithRepeatsShowsThemAndReadsBack(@TempDir Path dir) throws IOException {
        ExperimentReport one = SampleReports.empty();
        ExperimentReport report = new ExperimentReport(one.title(), one.generatedAt(), one.dataset(), one.agents(),
                one.protocol(), one.manifest(), one.recommendation(), one.recommendationComparisons(),
                one.userSimulation(), one.userSimulationComparisons(), one.targetPopularity(), one.baseline(),
                one.protocolCheck(), one.baselines(), one.power(), repeats());
        new ReportWriter().write(report, dir);
        JsonNode results = JSON.readTree(dir.resolve(ReportWriter.RESULTS_FILE).toFile());
        JsonNode repeated = results.at("/repeats/configurations/0");
        assertThat(results.at("/repeats/seeds").toString()).isEqualTo("[1,2,3]");
        assertThat(repeated.at("/passAll/mean").asDouble()).isEqualTo(0.125);
        assertThat(repeated.at("/passAllCases").asInt()).isEqualTo(1);
        assertThat(repeated.at("/answerChangedCases").asInt()).isEqualTo(4);
        assertThat(repeated.at("/spread/mean").asDouble()).isEqualTo(0.125);
        assertThat(repeated.at("/hits").toString()).isEqualTo("[3,3,2]");
        assertThat(dev.afl.json.AflJson.records().readValue(dir.resolve(ReportWriter.RESULTS_FILE).toFile(),
                ExperimentReport.class)).isEqualTo(report);

        String markdown = Files.readString(dir.resolve(ReportWriter.REPORT_FILE));
        assertThat(markdown).contains("### Repeat-run reliability", "`--repeats 3`", "seed 1, 2, 3", "pass^3",
                "0.6250 s1; 0.5000 s2; 0.3750 s3", "1 / 5: 0.1250 [", "4 / 5: 0.8750 [",
                "Ran once (1 configuration: lastfm/sasrec/base/random)");
    }

    @Test
    void aRunWhereNothingSamplesSaysEveryConfigurationRanOnce() {
        RepeatRuns nothing = new RepeatRuns(2, List.of(1, 2), List.of(), List.of("lastfm/sasrec/afl/random"),
                RepeatExperiment.RAN_ONCE_BECAUSE);
        assertThat(RepeatSection.render(nothing)).contains("`--repeats 2`", "No configuration of this run does",
                "offline agents", "Every configuration ran once.").doesNotContain("pass^");
    }

    @Test
    void aReportOfOneRunHasNoRepeats(@TempDir Path dir) throws IOException {
        new ReportWriter().write(SampleReports.empty(), dir);
        assertThat(JSON.readTree(dir.resolve(ReportWriter.RESULTS_FILE).toFile()).has("repeats")).isFalse();
        assertThat(Files.readString(dir.resolve(ReportWriter.REPORT_FILE))).doesNotContain("Repeat-run", "pass^");
    }
}
