package dev.afl.model.onnx;

import dev.afl.catalog.ItemCatalog;
import dev.afl.model.ModelArtifact;
import dev.afl.model.ModelCard;
import dev.afl.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Loads models once per process and hands out the same instance afterwards (a Lambda container, the CLI,
 * the API). Bundled models live in a models folder as {@code <dataset>/<name>.onnx} with their cards: the
 * repository's {@code models/} for the CLI and tests, {@code /var/task/models} in a function package, which
 * carries only the models that function needs.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final String MODELS_DIR_VARIABLE = "AFL_MODELS_DIR";

    /** The paper's architectures and morec (SASRec with title features), listed first and in this order; any other bundled card follows by name. */
    public static final List<String> BUNDLED_NAMES = List.of("sasrec", "gru4rec", "caser", "morec");

    private static final String CARD_SUFFIX = ".card.json";

    private final Map<String, OnnxSequenceModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, ModelCard> cards = new ConcurrentHashMap<>();
    private final Path modelsDir;
    private final int intraOpThreads;

    public ModelRegistry() {
        this(defaultDirectory(), 1);
    }

    public ModelRegistry(Path modelsDir, int intraOpThreads) {
        this.modelsDir = modelsDir;
        this.intraOpThreads = intraOpThreads;
    }

    /**
     * {@value #MODELS_DIR_VARIABLE}, else the {@code afl-models} system property (set by the {@code ./afl}
     * launcher), else {@code models/} in the working directory.
     */
    public static Path defaultDirectory() {
        String configured = System.getenv(MODELS_DIR_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("afl-models", "models");
        }
        return Path.of(configured);
    }

    /** The bundled model {@code dataset/name}, loaded on first use and checked against the catalog. */
    public OnnxSequenceModel bundled(String dataset, String name, ItemCatalog catalog) {
        return loaded.computeIfAbsent(dataset + "/" + name + "@" + catalog.name(),
                key -> OnnxSequenceModel.load(ModelArtifact.fromFiles(cardFile(dataset, name)), catalog, intraOpThreads));
    }

    /**
     * The bundled model {@code dataset/name} without a catalog to check it against (the functions: their
     * requests carry the items, which are checked against the model's vocabulary instead).
     */
    public OnnxSequenceModel bundled(String dataset, String name) {
        return loaded.computeIfAbsent(dataset + "/" + name,
                key -> OnnxSequenceModel.load(ModelArtifact.fromFiles(cardFile(dataset, name)), null, intraOpThreads));
    }

    /** A bundled model's card alone (no ONNX session): its vocabulary, for validating requests cheaply. */
    public ModelCard card(String dataset, String name) {
        return cards.computeIfAbsent(dataset + "/" + name, key -> ModelArtifact.readCard(cardFile(dataset, name)));
    }

    /** A model from a card file elsewhere on disk (imported checkpoints, users' own models). */
    public OnnxSequenceModel fromCard(Path cardFile, ItemCatalog catalog) {
        return loaded.computeIfAbsent(cardFile.toAbsolutePath() + "@" + catalog.name(),
                key -> OnnxSequenceModel.load(ModelArtifact.fromFiles(cardFile), catalog, intraOpThreads));
    }

    /**
     * Names of the models bundled for a dataset: every model card in its folder (so a newly bundled model needs
     * no code change), the paper's architectures first.
     */
    public List<String> bundledNames(String dataset) {
        Path folder = modelsDir.resolve(dataset);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> found;
        try (Stream<Path> files = Files.list(folder)) {
            found = files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(CARD_SUFFIX))
                    .map(file -> file.substring(0, file.length() - CARD_SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models folder " + folder + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>(BUNDLED_NAMES.stream().filter(found::contains).toList());
        found.stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }

    /** The folder of a dataset's bundled models (it may not exist). */
    public Path folder(String dataset) {
        return modelsDir.resolve(dataset);
    }

    /** The card file of the bundled model {@code dataset/name}; throws, saying what is bundled, when it is missing. */
    public Path cardFile(String dataset, String name) {
        Path card = modelsDir.resolve(dataset).resolve(name + CARD_SUFFIX);
        if (!Files.isRegularFile(card)) {
            throw new ModelLoadException("No bundled model " + dataset + "/" + name + " in " + modelsDir.toAbsolutePath()
                    + ": bundled models there are " + bundledNames(dataset) + " for " + dataset + ". Set "
                    + MODELS_DIR_VARIABLE + " to the models folder, or train the model with models/training.");
        }
        return card;
    }

    @Override
    public void close() {
        loaded.values().forEach(OnnxSequenceModel::close);
        loaded.clear();
    }
}
