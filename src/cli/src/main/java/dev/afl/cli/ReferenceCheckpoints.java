package dev.afl.cli;

import dev.afl.data.DataLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the published LLaRA/AFL SASRec checkpoints are, and which of them belong to a dataset. */
final class ReferenceCheckpoints {

    static final String VARIABLE = "AFL_REFERENCE_MODELS";

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
        String fromEnvironment = System.getenv(VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(Path.of(fromEnvironment)).filter(Files::isDirectory);
        }
        return location.dataDirIfSet().map(dir -> dir.toAbsolutePath().resolveSibling("reference-models"))
                .filter(Files::isDirectory);
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
