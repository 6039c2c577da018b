package dev.afl.bench;

import dev.afl.TestData;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.loop.RefinementRequest;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the loop benchmarks play: the LastFM test cases of the paper's protocol (AFL_DATA_DIR, as the tests), the
 * bundled GRU4Rec as the recommendation model and SASRec as the reward model (the defaults), one thread per call.
 */
final class LastFmCases implements AutoCloseable {

    static final String DATASET = "lastfm";

    private final Dataset dataset;
    private final ModelRegistry registry = new ModelRegistry(Path.of("models"), 1);

    LastFmCases() {
        this.dataset = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
    }

    /** The test cases drawn with candidate seeds 0 .. seeds-1 (122 rows each). */
    List<EvaluationCase> cases(int seeds) {
        List<EvaluationCase> cases = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) {
            cases.addAll(EvaluationProtocol.PAPER.cases(dataset, Split.TEST, seed));
        }
        return cases;
    }

    /** The case as a request for a session of at most {@code maxRounds} rounds. */
    RefinementRequest request(String sessionId, EvaluationCase c, int maxRounds) {
        return new RefinementRequest(sessionId, DATASET, c.history().stream().map(catalog()::require).toList(),
                c.candidates().stream().map(catalog()::require).toList(), maxRounds);
    }

    ItemCatalog catalog() {
        return dataset.catalog();
    }

    OnnxSequenceModel recommendationModel() {
        return registry.bundled(DATASET, "gru4rec", catalog());
    }

    OnnxSequenceModel rewardModel() {
        return registry.bundled(DATASET, "sasrec", catalog());
    }

    @Override
    public void close() {
        registry.close();
    }
}
