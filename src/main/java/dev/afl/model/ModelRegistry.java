package dev.afl.model;

import dev.afl.catalog.ItemCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads models once per process and hands out the same instance afterwards (a Lambda container, the CLI,
 * the API). Bundled models live on the classpath as {@code models/<dataset>/<name>.onnx} with their cards.
 */
public final class ModelRegistry implements AutoCloseable {

    /** The architectures bundled for a dataset, probed in this order. */
    public static final List<String> BUNDLED_NAMES = List.of("sasrec", "gru4rec", "caser");

    private final Map<String, OnnxSequenceModel> loaded = new ConcurrentHashMap<>();
    private final int intraOpThreads;

    public ModelRegistry() {
        this(1);
    }

    public ModelRegistry(int intraOpThreads) {
        this.intraOpThreads = intraOpThreads;
    }

    /** The bundled model {@code dataset/name}, loaded on first use and checked against the catalog. */
    public OnnxSequenceModel bundled(String dataset, String name, ItemCatalog catalog) {
        return loaded.computeIfAbsent("classpath:" + dataset + "/" + name + "@" + catalog.name(), key -> {
            ModelArtifact artifact = ModelArtifact.fromClasspath(dataset, name);
            if (artifact == null) {
                throw new ModelLoadException("No bundled model " + dataset + "/" + name + ": bundled models are "
                        + bundledNames(dataset) + " for " + dataset + ". Train others with models/training.");
            }
            return OnnxSequenceModel.load(artifact, catalog, intraOpThreads);
        });
    }

    /** A model from a card file on disk (imported checkpoints, users' own models). */
    public OnnxSequenceModel fromCard(Path cardFile, ItemCatalog catalog) {
        return loaded.computeIfAbsent(cardFile.toAbsolutePath() + "@" + catalog.name(),
                key -> OnnxSequenceModel.load(ModelArtifact.fromFiles(cardFile), catalog, intraOpThreads));
    }

    /** Names of the models bundled for a dataset (those whose card is on the classpath). */
    public static List<String> bundledNames(String dataset) {
        List<String> names = new ArrayList<>();
        for (String name : BUNDLED_NAMES) {
            if (ModelRegistry.class.getClassLoader().getResource("models/" + dataset + "/" + name + ".card.json")
                    != null) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public void close() {
        loaded.values().forEach(OnnxSequenceModel::close);
        loaded.clear();
    }
}
