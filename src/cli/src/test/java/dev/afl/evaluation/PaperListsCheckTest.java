package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.TestData;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.model.CheckpointImporter;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks only the reference code's own lists pass: the AFL authors' SASRec checkpoint, imported, scores 36/122 on
 * them, and every answer the reference run recorded (prior_lastfm/SASRec.csv) is among its row's 20 candidates.
 * They need the published checkpoints (AFL_REFERENCE_MODELS) and a Python with torch and onnx for the import.
 */
class PaperListsCheckTest {

    private static final ReferenceSplitImporter IMPORTER = new ReferenceSplitImporter(TestData.location());

    @Test
    void theAflCheckpointScores36Of122AndEveryRecordedAnswerIsACandidate() {
        Dataset lastfm = IMPORTER.load(KnownDataset.LASTFM);
        List<EvaluationCase> paper = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST);
        ProtocolCheck.CheckpointScore afl = score(lastfm, paper, "afl-sasrec-lastfm.pt");
        assertThat(afl.hits()).as("the AFL checkpoint's base HitRatio@1 on the paper's LastFM lists (the authors'"
                + " model scores 36/122 on its own lists; another count means other lists or another import)")
                .isEqualTo(36);
        assertThat(afl.rows()).isEqualTo(122);
        assertThat(afl.asExpected()).isTrue();

        Path csv = PaperListsCheck.priorAnswersFile(TestData.dataDir(), "lastfm").orElseThrow();
        ProtocolCheck.PriorAnswers prior = PaperListsCheck.priorAnswers(csv, lastfm, paper);
        assertThat(prior.amongCandidates()).as("recorded answers among their row's candidates; missing rows "
                + prior.missingRows()).isEqualTo(122);
        assertThat(prior.rows()).isEqualTo(122);

        // The check can fail: on lists drawn any other way, only the recorded answers that are the true item (a
        // candidate of every list) and a chance few (19 of 4,606 items) are among the candidates.
        List<String> answers = PaperListsCheck.readAnswers(csv);
        long trueItems = java.util.stream.IntStream.range(0, paper.size()).filter(i -> answers.get(i)
                .equals(lastfm.catalog().require(paper.get(i).target()).title())).count();
        assertThat(trueItems).isEqualTo(34);
        List<EvaluationCase> seeded = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0);
        assertThatThrownBy(() -> PaperListsCheck.priorAnswers(csv, lastfm, seeded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paper's lists");
        List<EvaluationCase> relabelled = seeded.stream().map(c -> new EvaluationCase(c.dataset(), c.row(),
                c.history(), c.candidates(), c.target(), 303, CandidateLists.PAPER)).toList();
        assertThat(PaperListsCheck.priorAnswers(csv, lastfm, relabelled).amongCandidates())
                .isBetween((int) trueItems, (int) trueItems + 3);
    }

    @Test
    void theLlaraCheckpointsScoreWhatTheirPyTorchModulesScoreOnTheSameLists() {
        Dataset lastfm = IMPORTER.load(KnownDataset.LASTFM);
        ProtocolCheck.CheckpointScore lastfmScore = score(lastfm,
                EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST), "llara-sasrec-lastfm.pt");
        assertThat(lastfmScore.hits()).isEqualTo(31);
        assertThat(lastfmScore.asExpected()).isTrue();
        Dataset movielens = IMPORTER.load(KnownDataset.MOVIELENS);
        ProtocolCheck.CheckpointScore movielensScore = score(movielens,
                EvaluationProtocol.PAPER.paperCases(movielens, Split.TEST), "llara-sasrec-movielens.pt");
        assertThat(movielensScore.hits()).isEqualTo(41);
        assertThat(movielensScore.rows()).isEqualTo(95);
        assertThat(movielensScore.asExpected()).isTrue();
    }

    @Test
    void aRecordedAnswersFileOfAnotherShapeIsNamed(@TempDir Path dir) throws Exception {
        Dataset lastfm = IMPORTER.load(KnownDataset.LASTFM);
        List<EvaluationCase> paper = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST);
        Path shortFile = Files.writeString(dir.resolve("short.csv"), "id,generate,real\n0,\"Muse, live\",Muse\n");
        assertThat(PaperListsCheck.readAnswers(shortFile)).containsExactly("Muse, live");
        assertThatThrownBy(() -> PaperListsCheck.priorAnswers(shortFile, lastfm, paper))
                .isInstanceOf(AflException.class).hasMessageContaining("records 1 answers")
                .hasMessageContaining("122 rows");
        Path header = Files.writeString(dir.resolve("header.csv"), "row,answer\n0,Muse\n");
        assertThatThrownBy(() -> PaperListsCheck.readAnswers(header)).hasMessageContaining("id,generate,real");
        assertThatThrownBy(() -> PaperListsCheck.readAnswers(dir.resolve("none.csv")))
                .hasMessageContaining("No recorded answers at");
    }

    private static ProtocolCheck.CheckpointScore score(Dataset dataset, List<EvaluationCase> paper, String file) {
        Path checkpoint = TestData.referenceModels().resolve(file);
        Path card = new CheckpointImporter(TestData.python(), Path.of("models/training"), TestData.cacheDir())
                .importCheckpoint(checkpoint, dataset.name(), dataset.catalog());
        try (ModelRegistry registry = new ModelRegistry()) {
            OnnxSequenceModel model = registry.fromCard(card, dataset.catalog());
            return PaperListsCheck.score(dataset, paper, model, CheckpointImporter.modelName(checkpoint,
                    dataset.name()), file, model.card().sha256());
        }
    }
}
