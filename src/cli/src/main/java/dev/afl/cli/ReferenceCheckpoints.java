package dev.afl.cli;

import dev.afl.data.DataLocation;
import dev.afl.model.BundledCards;
import dev.afl.model.ReferenceCheckpointModels;
import dev.afl.model.onnx.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the published LLaRA/AFL SASRec checkpoints are, and which of them belong to a dataset. */
final class ReferenceCheckpoints {

    static final String VARIABLE = ReferenceCheckpointModels.REFERENCE_MODELS_VARIABLE;

    private ReferenceCheckpoints() {
    }

    /**
     * The checkpoints folder: the option's (which must exist), else {@value #VARIABLE}'s, else
     * {@code reference-models/} beside the data path; empty when none is there.
     */
    static Optional<Path> folder(Path option, DataLocation location) {
        if (option != null) {
            if (!Files.isDirectory(option)) {
                throw new IllegalArgumentException("--reference-models " + option + " is not a folder.");
            }
            return Optional.of(option);
        }
        return ReferenceCheckpointModels.defaultFolder(location);
    }

    /**
     * The models a command loads: the models folder's, and Steam's model imported from its published checkpoint at
     * first use, announced on stderr; when the checkpoint is missing, using the model says so.
     */
    static ModelRegistry registry(DataLocation location) {
        return new ModelRegistry(new BundledCards(BundledCards.defaultDirectory(),
                ReferenceCheckpointModels.fromEnvironment(location, System.err::println, true)), 1);
    }

    /** The folder's checkpoints of a dataset ({@code *-<dataset>.pt}), sorted by name. */
    static List<Path> forDataset(Optional<Path> folder, String dataset) {
        if (folder.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder.get())) {
            return files.filter(file -> file.getFileName().toString().endsWith("-" + dataset + ".pt")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder.get() + ": " + e.getMessage(), e);
        }
    }
}
