package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.fanout.PopularityGroups;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out's case file: one line per (row, seed) case, the protocol's very candidates, titles, popularity. */
@QuarkusMainTest
class ExportCasesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String dataDir = TestData.dataDir().toString();

    @Test
    void theCaseFileHoldsTheProtocolsOwnCasesWithTitlesAndPopularity(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("lastfm.jsonl");
        String[] args = {"export-cases", "--data-dir", dataDir, "--dataset", "lastfm", "--seeds", "2", "--rows", "5",
            "--out", out.toString()};
        LaunchResult result = launcher.launch(args);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("10 cases (5 lastfm test rows x 2 seeds)", "aws s3 cp");

        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        List<EvaluationCase> expected = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, List.of(0L, 1L), 5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(10);
        List<EvaluationCase> written = new ArrayList<>();
        for (String line : lines) {
            FanOutCase c = JSON.readValue(line, FanOutCase.class);
            assertThat(c.caseId()).isEqualTo(c.evaluationCase().id());
            for (Item item : c.candidates()) {
                assertThat(item.title()).isEqualTo(lastfm.catalog().require(item.id()).title());
            }
            assertThat(c.candidates()).extracting(Item::id).contains(c.target());
            written.add(c.evaluationCase());
        }
        assertThat(written).isEqualTo(expected);
        assertThat(JSON.readTree(lines.getFirst()).fieldNames()).toIterable().containsExactly("caseId", "dataset", "row",
                "seed", "history", "candidates", "target");

        PopularityGroups groups = JSON.readValue(dir.resolve("lastfm.popularity.json").toFile(), PopularityGroups.class);
        assertThat(groups.groups()).isEqualTo(PopularityBuckets.of(lastfm).bucketById());

    }

    @Test
    void badOptionsSayWhatToFix(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult rows = launcher.launch("export-cases", "--data-dir", dataDir, "--rows", "0", "--out",
                dir.resolve("c.jsonl").toString());
        assertThat(rows.exitCode()).isEqualTo(2);
        assertThat(rows.getErrorOutput()).contains("--rows must be at least 1");
        LaunchResult json = launcher.launch("export-cases", "--data-dir", dataDir, "--out", dir.resolve("c.json").toString());
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.getErrorOutput()).contains(".jsonl");
        LaunchResult dataset = launcher.launch("export-cases", "--data-dir", dataDir, "--dataset", "netflix", "--out",
                dir.resolve("c.jsonl").toString());
        assertThat(dataset.exitCode()).isEqualTo(2);
        assertThat(dataset.getErrorOutput()).contains("netflix");
    }
}
