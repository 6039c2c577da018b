package dev.afl.model.onnx;

import dev.afl.catalog.ItemCatalog;
import dev.afl.model.BundledCards;
import dev.afl.model.ModelArtifact;
import dev.afl.model.ModelCard;
import dev.afl.model.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads models once per process and hands out the same instance afterwards (a Lambda container, the CLI,
 * the API). Bundled models live in a models folder as {@code <dataset>/<name>.onnx} with their cards: the
 * repository's {@code models/} for the CLI and tests, {@code /var/task/models} in a function package, which
 * carries only the models that function needs.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final String MODELS_DIR_VARIABLE = BundledCards.MODELS_DIR_VARIABLE;

    /** The paper's architectures and morec (SASRec with title features), listed first and in this order; any other bundled card follows by name. */
    public static final List<String> BUNDLED_NAMES = BundledCards.PAPER_NAMES;

    private final Map<String, OnnxSequenceModel> loaded = new ConcurrentHashMap<>();
    private final BundledCards cards;
    private final int intraOpThreads;

    public ModelRegistry() {
        this(defaultDirectory(), 1);
    }

    public ModelRegistry(Path modelsDir, int intraOpThreads) {
        this(new BundledCards(modelsDir), intraOpThreads);
    }

    /** Loads the models these cards describe (the process's one reading of the folder's cards). */
    public ModelRegistry(BundledCards cards, int intraOpThreads) {
        this.cards = cards;
        this.intraOpThreads = intraOpThreads;
    }

    /** See {@link BundledCards#defaultDirectory()}. */
    public static Path defaultDirectory() {
        return BundledCards.defaultDirectory();
    }

    /** The bundled model {@code dataset/name}, loaded on first use and checked against the catalog. */
    public OnnxSequenceModel bundled(String dataset, String name, ItemCatalog catalog) {
        requireRuntime(dataset + "/" + name);
        return loaded.computeIfAbsent(dataset + "/" + name + "@" + catalog.name(), key -> OnnxSequenceModel.load(
                ModelArtifact.fromFiles(cards.cardFile(dataset, name)), catalog, intraOpThreads));
    }

    /**
     * The bundled model {@code dataset/name} without a catalog to check it against (the functions: their
     * requests carry the items, which are checked against the model's vocabulary instead).
     */
    public OnnxSequenceModel bundled(String dataset, String name) {
        requireRuntime(dataset + "/" + name);
        return loaded.computeIfAbsent(dataset + "/" + name, key -> OnnxSequenceModel.load(
                ModelArtifact.fromFiles(cards.cardFile(dataset, name)), null, intraOpThreads));
    }

    /** The cards of the models folder this registry loads from. */
    public BundledCards cards() {
        return cards;
    }

    /** A bundled model's card alone (no ONNX session): its vocabulary, for validating requests cheaply. */
    public ModelCard card(String dataset, String name) {
        return cards.card(dataset, name);
    }

    /** A model from a card file elsewhere on disk (imported checkpoints, users' own models). */
    public OnnxSequenceModel fromCard(Path cardFile, ItemCatalog catalog) {
        return loaded.computeIfAbsent(cardFile.toAbsolutePath() + "@" + catalog.name(),
                key -> OnnxSequenceModel.load(ModelArtifact.fromFiles(cardFile), catalog, intraOpThreads));
    }

    /** See {@link BundledCards#names(String)}. */
    public List<String> bundledNames(String dataset) {
        return cards.names(dataset);
    }

    /** The folder of a dataset's bundled models (it may not exist). */
    public Path folder(String dataset) {
        return cards.folder(dataset);
    }

    /**
     * A deployable may leave ONNX Runtime out when its configuration loads no model (the judge function): asking it
     * for a model then says so, rather than failing on a missing class.
     */
    private static void requireRuntime(String model) {
        if (ModelRegistry.class.getClassLoader().getResource("ai/onnxruntime/OrtEnvironment.class") == null) {
            throw new ModelLoadException("The model " + model + " cannot be loaded here: this package does not carry"
                    + " ONNX Runtime. The judge function leaves it out because its default users read no model;"
                    + " afl.agents.user=independent and the reference-code prompt set (whose user sees the"
                    + " recommendation model) do, so run them with ./afl experiment, or build the judge with ONNX"
                    + " Runtime and the models (src/functions/judge/pom.xml: the exclusion and function.models).");
        }
    }

    @Override
    public void close() {
        if (loaded.isEmpty()) {
            return; // nothing to close; and where ONNX Runtime is absent (judge), OnnxSequenceModel cannot even link
        }
        loaded.values().forEach(OnnxSequenceModel::close);
        loaded.clear();
    }
}
