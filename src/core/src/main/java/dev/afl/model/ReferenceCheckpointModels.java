package dev.afl.model;

import dev.afl.AflException;
import dev.afl.data.DataLocation;
import dev.afl.data.KnownDataset;
import dev.afl.data.MissingDataException;
import dev.afl.data.ReferenceSplitImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Steam's model: the published LLaRA Steam SASRec ({@code llara-sasrec-steam.pt} in the reference checkpoints
 * folder), imported into our ONNX signature at its first use by {@link CheckpointImporter} (cached by the
 * checkpoint's sha256 under the cache folder, so later runs reuse it) and offered as {@value #NAME}, the
 * recommendation and the reward model. Steam's training split was never published, so no model of ours can be
 * trained for it; a models folder that bundles Steam cards (import-checkpoint) wins over this.
 */
public final class ReferenceCheckpointModels implements FirstUseModels {

    public static final String REFERENCE_MODELS_VARIABLE = "AFL_REFERENCE_MODELS";
    /** The name the imported model is chosen by: the reward model's default, which it is. */
    public static final String NAME = "sasrec";

    /** The datasets whose model is a published checkpoint, and its file. */
    private static final Map<String, String> CHECKPOINTS = Map.of(KnownDataset.STEAM.id(), "llara-sasrec-steam.pt");

    private final DataLocation location;
    private final Optional<Path> folder;
    private final CheckpointImporter importer;
    private final Consumer<String> progress;
    private final boolean offeredWhenMissing;
    private final Map<String, Path> imported = new ConcurrentHashMap<>();

    /**
     * @param folder             the reference checkpoints folder, if there is one
     * @param progress           where the first-use import is announced (stderr for the CLI, the log for the API)
     * @param offeredWhenMissing whether the model is offered when its checkpoint is missing, so that using it says
     *                           what is missing (the CLI), or left out of the choices (a server: it does not serve
     *                           the dataset)
     */
    public ReferenceCheckpointModels(DataLocation location, Optional<Path> folder, CheckpointImporter importer,
            Consumer<String> progress, boolean offeredWhenMissing) {
        this.location = location;
        this.folder = folder;
        this.importer = importer;
        this.progress = progress;
        this.offeredWhenMissing = offeredWhenMissing;
    }

    /** From the environment: the data and cache folders, the checkpoints folder, Python and models/training. */
    public static ReferenceCheckpointModels fromEnvironment(DataLocation location, Consumer<String> progress,
            boolean offeredWhenMissing) {
        return new ReferenceCheckpointModels(location, defaultFolder(location), new CheckpointImporter(
                CheckpointImporter.defaultPython(), CheckpointImporter.defaultTrainingDir(), location.cacheDir()),
                progress, offeredWhenMissing);
    }

    /**
     * The reference checkpoints folder: {@value #REFERENCE_MODELS_VARIABLE}'s, else {@code reference-models/} beside
     * the data folder; empty when neither is a folder.
     */
    public static Optional<Path> defaultFolder(DataLocation location) {
        String fromEnvironment = System.getenv(REFERENCE_MODELS_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(Path.of(fromEnvironment)).filter(Files::isDirectory);
        }
        return location.dataDirIfSet().map(dir -> dir.toAbsolutePath().resolveSibling("reference-models"))
                .filter(Files::isDirectory);
    }

    @Override
    public List<String> names(String dataset) {
        if (!CHECKPOINTS.containsKey(dataset)) {
            return List.of();
        }
        return offeredWhenMissing || checkpoint(dataset).isPresent() ? List.of(NAME) : List.of();
    }

    @Override
    public Path cardFile(String dataset, String name) {
        if (!names(dataset).contains(name)) {
            throw new ModelLoadException("No model " + dataset + "/" + name + " is imported at first use: "
                    + dataset + " has " + names(dataset) + ".");
        }
        return imported.computeIfAbsent(dataset, this::importNow);
    }

    private Path importNow(String dataset) {
        String file = CHECKPOINTS.get(dataset);
        Path checkpoint = checkpoint(dataset).orElseThrow(() -> new MissingDataException("No " + dataset
                + " model: " + dataset + "'s model is the published LLaRA SASRec " + file + ", imported at first use,"
                + " and it is not in " + folder.map(f -> f.toAbsolutePath().toString())
                        .orElse("any reference checkpoints folder") + ". Put " + file + " there, or set "
                + REFERENCE_MODELS_VARIABLE + " to the folder that holds it."));
        Path card = importer.importedCard(checkpoint, dataset);
        if (Files.isRegularFile(card)) {
            return card;
        }
        progress.accept("Importing " + file + " at first use into " + card.getParent().toAbsolutePath()
                + "; later runs reuse it.");
        try {
            return importer.importCheckpoint(checkpoint, dataset,
                    new ReferenceSplitImporter(location).catalog(KnownDataset.byId(dataset)));
        } catch (MissingDataException | ModelLoadException e) {
            throw e;
        } catch (AflException e) {
            throw new ModelLoadException("Cannot import " + dataset + "'s model at first use: " + e.getMessage(), e);
        }
    }

    private Optional<Path> checkpoint(String dataset) {
        return folder.map(f -> f.resolve(CHECKPOINTS.get(dataset))).filter(Files::isRegularFile);
    }
}
