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

/**
 * The fan-out's case file: one line per case (the paper's list of each row by default, or each row and seed), the
 * protocol's very candidates, titles, popularity.
 */
@QuarkusMainTest
class ExportCasesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String dataDir = TestData.dataDir().toString();

    @Test
    void theCaseFileHoldsThePaperListsByDefault(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("paper.jsonl");
        LaunchResult result = launcher.launch("export-cases", "--data-dir", dataDir, "--dataset", "lastfm", "--rows",
                "7", "--out", out.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("7 cases (7 lastfm test rows, the paper's lists)");
        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        List<EvaluationCase> expected = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST).subList(0, 7);
        List<EvaluationCase> written = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            FanOutCase c = JSON.readValue(line, FanOutCase.class);
            assertThat(c.caseId()).isEqualTo("row" + c.row() + "-paper").isEqualTo(c.evaluationCase().id());
            assertThat(JSON.readTree(line).get("lists").asText()).isEqualTo("paper");
            assertThat(c.seed()).isEqualTo(303);
            written.add(c.evaluationCase());
        }
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void aCaseLineWithoutListsIsASeededDraw() throws Exception {
        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        EvaluationCase seeded = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 4).get(2);
        com.fasterxml.jackson.databind.node.ObjectNode line = JSON.valueToTree(FanOutCase.of(seeded, lastfm.catalog()));
        line.remove("lists");
        assertThat(JSON.treeToValue(line, FanOutCase.class).evaluationCase()).isEqualTo(seeded);
    }

    @Test
    void theCaseFileHoldsTheSeededCasesWithTitlesAndPopularity(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("lastfm.jsonl");
        String[] args = {"export-cases", "--data-dir", dataDir, "--dataset", "lastfm", "--candidates", "seeds",
            "--seeds", "2", "--rows", "5", "--out", out.toString()};
        LaunchResult result = launcher.launch(args);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("10 cases (5 lastfm test rows, 2 seeds)", "aws s3 cp");

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
                "seed", "lists", "history", "candidates", "target");
        assertThat(JSON.readTree(lines.getFirst()).get("lists").asText()).isEqualTo("seeds");

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
        LaunchResult lists = launcher.launch("export-cases", "--data-dir", dataDir, "--candidates", "paper", "--seeds",
                "2", "--out", dir.resolve("c.jsonl").toString());
        assertThat(lists.exitCode()).isEqualTo(2);
        assertThat(lists.getErrorOutput()).contains("--seeds applies to --candidates seeds");
    }
}
