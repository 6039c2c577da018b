package dev.afl.model;

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
 * The cards of a models folder ({@code <dataset>/<name>.card.json}): which models are bundled for a dataset and what
 * each knows, read without loading any model. A function that only checks requests against the vocabularies (the
 * start step) reads these and carries no inference library; the ONNX adapter loads the model a card describes.
 * A dataset the folder has no card for may get its models at first use instead ({@link FirstUseModels}).
 */
public final class BundledCards {

    public static final String MODELS_DIR_VARIABLE = "AFL_MODELS_DIR";

    /** The paper's architectures and morec (SASRec with title features), listed first and in this order; any other bundled card follows by name. */
    public static final List<String> PAPER_NAMES = List.of("sasrec", "gru4rec", "caser", "morec");

    private static final String CARD_SUFFIX = ".card.json";

    private final Path modelsDir;
    private final FirstUseModels firstUse;
    private final Map<String, ModelCard> cards = new ConcurrentHashMap<>();

    public BundledCards(Path modelsDir) {
        this(modelsDir, FirstUseModels.NONE);
    }

    /** The folder's cards, and for a dataset the folder has none of, the models {@code firstUse} makes. */
    public BundledCards(Path modelsDir, FirstUseModels firstUse) {
        this.modelsDir = modelsDir;
        this.firstUse = firstUse;
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

    /** A bundled model's card alone (no model loaded): its vocabulary, for validating requests cheaply. */
    public ModelCard card(String dataset, String name) {
        return cards.computeIfAbsent(dataset + "/" + name, key -> ModelArtifact.readCard(cardFile(dataset, name)));
    }

    /**
     * Names of the models bundled for a dataset: every model card in its folder (so a newly bundled model needs
     * no code change), the paper's architectures first; when the folder has none, those made at first use.
     */
    public List<String> names(String dataset) {
        List<String> inFolder = namesInFolder(dataset);
        return inFolder.isEmpty() ? firstUse.names(dataset) : inFolder;
    }

    private List<String> namesInFolder(String dataset) {
        Path folder = folder(dataset);
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
        List<String> names = new ArrayList<>(PAPER_NAMES.stream().filter(found::contains).toList());
        found.stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }

    /** The datasets with at least one model in the folder, by name (not those made at first use: nothing primes them). */
    public List<String> datasets() {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(modelsDir)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString())
                    .filter(dataset -> !namesInFolder(dataset).isEmpty()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models folder " + modelsDir + ": " + e.getMessage(), e);
        }
    }

    /** The folder of a dataset's bundled models (it may not exist). */
    public Path folder(String dataset) {
        return modelsDir.resolve(dataset);
    }

    /**
     * The card file of {@code dataset/name}, made now when it is a first-use model not made yet; refused with the
     * bundled names when there is none.
     */
    public Path cardFile(String dataset, String name) {
        Path card = folder(dataset).resolve(name + CARD_SUFFIX);
        if (!Files.isRegularFile(card) && namesInFolder(dataset).isEmpty() && firstUse.names(dataset).contains(name)) {
            return firstUse.cardFile(dataset, name);
        }
        if (!Files.isRegularFile(card)) {
            throw new ModelLoadException("No bundled model " + dataset + "/" + name + " in " + modelsDir.toAbsolutePath()
                    + ": bundled models there are " + names(dataset) + " for " + dataset + ". Set "
                    + MODELS_DIR_VARIABLE + " to the models folder, or train the model with models/training.");
        }
        return card;
    }
}
