package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.TestData;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.BaseModelEvaluation;
import dev.afl.evaluation.BaseModelResult;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published LLaRA/AFL SASRec checkpoints converted into our ONNX signature (Steam's only model comes this way). */
class CheckpointImportTest {

    @Test
    void theLlaraMovieLensCheckpointImportsMatchesPyTorchAndScoresLikeThePublishedModel(@TempDir Path cache)
            throws Exception {
        Dataset movielens = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.MOVIELENS);
        CheckpointImporter importer = new CheckpointImporter(TestData.python(), Path.of("models/training"), cache);
        Path checkpoint = TestData.referenceModels().resolve("llara-sasrec-movielens.pt");
        Path card = importer.importCheckpoint(checkpoint, "movielens", movielens.catalog());
        try (OnnxSequenceModel model = OnnxSequenceModel.load(ModelArtifact.fromFiles(card), movielens.catalog(), 1)) {
            assertThat(model.name()).isEqualTo("movielens/llara-sasrec");
            assertThat(model.card().source()).isEqualTo("imported");
            assertThat(model.card().itemIds().getFirst()).isEqualTo("1");
            ParityDump.assertMatches(model, ParityDump.read(card.resolveSibling("llara-sasrec.parity.json")));
            BaseModelResult result = new BaseModelEvaluation(EvaluationProtocol.PAPER, List.of(0L, 1L, 2L, 3L, 4L))
                    .evaluate(movielens, Split.TEST, model, "imported", model.card().sha256());
            // DESIGN.md: 0.3674 on seeds 0..9 with the reference sampler; scoring with the input embeddings
            // instead of the output layer, or with dropout on, lands far below 0.3.
            assertThat(result.hitRatioAt1().mean()).isBetween(0.30, 0.46);
        }
        // Converted once: the second call finds the cached import.
        long modified = Files.getLastModifiedTime(card).toMillis();
        assertThat(importer.importCheckpoint(checkpoint, "movielens", movielens.catalog())).isEqualTo(card);
        assertThat(Files.getLastModifiedTime(card).toMillis()).isEqualTo(modified);
    }

    @Test
    void aCheckpointForAnotherItemSetFailsWithTheScriptsMessage(@TempDir Path cache) {
        Dataset steam = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.STEAM);
        CheckpointImporter importer = new CheckpointImporter(TestData.python(), Path.of("models/training"), cache);
        assertThatThrownBy(() -> importer.importCheckpoint(TestData.referenceModels()
                .resolve("llara-sasrec-movielens.pt"), "steam", steam.catalog()))
                .isInstanceOf(AflException.class).hasMessageContaining("3581 items")
                .hasMessageContaining("1682");
        assertThatThrownBy(() -> importer.importCheckpoint(cache.resolve("none.pt"), "steam", steam.catalog()))
                .hasMessageContaining("No checkpoint at");
    }
}
