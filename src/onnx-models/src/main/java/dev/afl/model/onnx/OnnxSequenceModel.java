package dev.afl.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.afl.catalog.ItemCatalog;
import dev.afl.catalog.UnknownItemException;
import dev.afl.data.Checksums;
import dev.afl.model.EmptyHistoryException;
import dev.afl.model.ModelArtifact;
import dev.afl.model.ModelCard;
import dev.afl.model.ModelLoadException;
import dev.afl.model.ScoringRequest;
import dev.afl.model.SequenceModel;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequential recommender (SASRec, GRU4Rec, Caser, imported checkpoints) run by ONNX Runtime with the
 * signature {@code history int64[B,L], candidates int64[B,C] -> scores float[B,C]}. Loaded once, then
 * thread-safe: ONNX Runtime sessions may be run concurrently.
 *
 * <p>At load the model is checked against its card (sha256, item count, input and output names) and against
 * the catalog it will score (every item of its vocabulary must be in the catalog); a mismatch refuses to
 * load. At scoring, stable ids are mapped through the card's item mapping; an id outside the model's
 * vocabulary is an {@link UnknownItemException}, never a silent padding.
 */
public final class OnnxSequenceModel implements SequenceModel, AutoCloseable {

    static final String HISTORY = "history";
    static final String CANDIDATES = "candidates";
    static final String SCORES = "scores";

    private final ModelCard card;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Map<String, Integer> indexById;

    private OnnxSequenceModel(ModelCard card, OrtEnvironment environment, OrtSession session,
            Map<String, Integer> indexById) {
        this.card = card;
        this.environment = environment;
        this.session = session;
        this.indexById = indexById;
    }

    /**
     * Loads and checks a model.
     *
     * @param catalog the catalog whose ids will be scored; every model item must be in it (null: no catalog,
     *                requests are checked against the model's vocabulary with {@link #knows})
     * @param intraOpThreads ONNX Runtime threads per call (1 is fastest for the small batches of the loop)
     */
    public static OnnxSequenceModel load(ModelArtifact artifact, ItemCatalog catalog, int intraOpThreads) {
        ModelCard card = artifact.card();
        String actualSha = Checksums.sha256(artifact.onnx());
        if (!actualSha.equals(card.sha256())) {
            throw new ModelLoadException("Model " + artifact.origin() + " has sha256 " + actualSha
                    + " but its card says " + card.sha256() + ": the ONNX file and its card do not belong together."
                    + " Re-export the model (models/training) or restore the matching card.");
        }
        if (card.itemIds().size() != card.itemCount()) {
            throw new ModelLoadException("Model card of " + artifact.origin() + " maps " + card.itemIds().size()
                    + " items but declares itemCount " + card.itemCount() + ": the card is inconsistent.");
        }
        if (catalog != null) {
            checkCoverage(card, catalog, artifact.origin());
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(artifact.onnx(), options);
            checkSignature(session, card, artifact.origin());
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + artifact.origin() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        Map<String, Integer> indexById = HashMap.newHashMap(card.itemCount());
        for (int i = 0; i < card.itemIds().size(); i++) {
            indexById.put(card.itemIds().get(i), i);
        }
        return new OnnxSequenceModel(card, environment, session, indexById);
    }

    private static void checkCoverage(ModelCard card, ItemCatalog catalog, String origin) {
        List<String> missing = card.itemIds().stream().filter(id -> !catalog.contains(id)).limit(5).toList();
        if (!missing.isEmpty()) {
            long count = card.itemIds().stream().filter(id -> !catalog.contains(id)).count();
            throw new ModelLoadException("Model " + card.key() + " (" + origin + ") covers " + card.itemCount()
                    + " items, but " + count + " of them are not in the " + catalog.name() + " catalog of "
                    + catalog.size() + " items (for example ids " + missing + "): the model was trained on a"
                    + " different item set. Use a model trained on this dataset, or retrain it (models/training).");
        }
    }

    private static void checkSignature(OrtSession session, ModelCard card, String origin) throws OrtException {
        if (!session.getInputNames().containsAll(List.of(HISTORY, CANDIDATES))
                || !session.getOutputNames().contains(SCORES)) {
            throw new ModelLoadException("Model " + origin + " has inputs " + session.getInputNames()
                    + " and outputs " + session.getOutputNames() + "; expected inputs [history, candidates] and"
                    + " output [scores]. Export it with models/training.");
        }
        String declared = session.getMetadata().getCustomMetadata().get("item_count");
        if (declared != null && Integer.parseInt(declared.trim()) != card.itemCount()) {
            throw new ModelLoadException("Model " + origin + " was exported for " + declared.trim()
                    + " items but its card says " + card.itemCount() + ": the graph and its card do not match.");
        }
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String name() {
        return card.key();
    }

    @Override
    public String provenance() {
        return card.sha256();
    }

    @Override
    public boolean knows(String itemId) {
        return indexById.containsKey(itemId);
    }

    @Override
    public float[] rewards(List<String> history, List<String> candidates) {
        return score(history, candidates);
    }

    @Override
    public List<float[]> scoreBatch(List<ScoringRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        int width = requests.stream().mapToInt(request -> request.candidates().size()).max().orElseThrow();
        long[][] histories = new long[requests.size()][];
        long[][] candidates = new long[requests.size()][];
        for (int b = 0; b < requests.size(); b++) {
            ScoringRequest request = requests.get(b);
            if (request.history().isEmpty()) {
                throw new EmptyHistoryException();
            }
            if (request.candidates().isEmpty()) {
                throw new dev.afl.AflException("No candidates to score: give at least one candidate item.");
            }
            histories[b] = historyIndices(request.history());
            candidates[b] = new long[width];
            for (int c = 0; c < request.candidates().size(); c++) {
                candidates[b][c] = indexOf(request.candidates().get(c));
            }
            // Shorter candidate lists are padded with a real item so the batch is rectangular; those
            // scores are dropped below.
        }
        float[][] scores = scoreIndices(histories, candidates);
        List<float[]> result = new ArrayList<>(requests.size());
        for (int b = 0; b < requests.size(); b++) {
            result.add(java.util.Arrays.copyOf(scores[b], requests.get(b).candidates().size()));
        }
        return result;
    }

    /**
     * Runs the graph on model indices: histories already right-padded to {@code maxHistory} with the pad id.
     * The low-level entry point of the parity tests and benchmarks.
     */
    public float[][] scoreIndices(long[][] histories, long[][] candidates) {
        int batch = histories.length;
        int length = card.maxHistory();
        int width = candidates[0].length;
        LongBuffer historyBuffer = LongBuffer.allocate(batch * length);
        LongBuffer candidateBuffer = LongBuffer.allocate(batch * width);
        for (int b = 0; b < batch; b++) {
            historyBuffer.put(histories[b]);
            candidateBuffer.put(candidates[b]);
        }
        historyBuffer.flip();
        candidateBuffer.flip();
        try (OnnxTensor history = OnnxTensor.createTensor(environment, historyBuffer, new long[] {batch, length});
                OnnxTensor candidate = OnnxTensor.createTensor(environment, candidateBuffer,
                        new long[] {batch, width});
                OrtSession.Result result = session.run(Map.of(HISTORY, history, CANDIDATES, candidate))) {
            return (float[][]) result.get(SCORES).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score with " + name() + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code maxHistory} items as indices, oldest first, right-padded with the pad id. */
    private long[] historyIndices(List<String> history) {
        long[] indices = new long[card.maxHistory()];
        java.util.Arrays.fill(indices, card.padId());
        List<String> recent = history.subList(Math.max(0, history.size() - card.maxHistory()), history.size());
        for (int i = 0; i < recent.size(); i++) {
            indices[i] = indexOf(recent.get(i));
        }
        return indices;
    }

    private int indexOf(String itemId) {
        Integer index = indexById.get(itemId);
        if (index == null) {
            throw new UnknownItemException(itemId, "the vocabulary of model " + name());
        }
        return index;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // closing a session that failed its checks; the load error is what the user needs to see
            }
        }
    }
}
