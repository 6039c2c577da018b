package dev.afl.model;

import dev.afl.AflException;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Checksums;
import dev.afl.data.TrainingDataExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converts a published LLaRA/AFL SASRec checkpoint ({@code <source>-sasrec-<dataset>.pt}) into our ONNX
 * signature by running {@code models/training/import_checkpoint.py}, and caches the result by the
 * checkpoint's sha256 so a checkpoint is converted once. Needs a Python with torch and onnx.
 */
public final class CheckpointImporter {

    public static final String PYTHON_VARIABLE = "AFL_PYTHON";

    private final Path python;
    private final Path script;
    private final Path cacheDir;

    public CheckpointImporter(Path python, Path trainingDir, Path cacheDir) {
        this.python = python;
        this.script = trainingDir.resolve("import_checkpoint.py");
        this.cacheDir = cacheDir;
    }

    /** The model name a checkpoint file gets: {@code llara-sasrec-lastfm.pt} -> {@code llara-sasrec}. */
    public static String modelName(Path checkpoint, String dataset) {
        String stem = checkpoint.getFileName().toString().replaceFirst("\\.pt$", "");
        return stem.endsWith("-" + dataset) ? stem.substring(0, stem.length() - dataset.length() - 1) : stem;
    }

    /** {@value #PYTHON_VARIABLE}, else Debian's {@code /usr/bin/python3}. */
    public static Path defaultPython() {
        String configured = System.getenv(PYTHON_VARIABLE);
        return Path.of(configured == null || configured.isBlank() ? "/usr/bin/python3" : configured);
    }

    /** {@code models/training} of the project ({@code afl-home}, set by {@code ./afl}; else the working folder). */
    public static Path defaultTrainingDir() {
        return Path.of(System.getProperty("afl-home", ".")).resolve("models").resolve("training");
    }

    /** The card file an import of the checkpoint writes (cached by the checkpoint's sha256); it may not exist yet. */
    public Path importedCard(Path checkpoint, String dataset) {
        String name = modelName(checkpoint, dataset);
        return cacheDir.resolve("imported").resolve(dataset + "-" + name + "-"
                + Checksums.sha256(checkpoint).substring(0, 16)).resolve(name + ".card.json");
    }

    /** Imports (or finds the cached import of) a checkpoint; returns the card file of the ONNX model. */
    public Path importCheckpoint(Path checkpoint, String dataset, ItemCatalog catalog) {
        if (!Files.isRegularFile(checkpoint)) {
            throw new AflException("No checkpoint at " + checkpoint.toAbsolutePath() + ".");
        }
        String name = modelName(checkpoint, dataset);
        Path card = importedCard(checkpoint, dataset);
        Path out = card.getParent();
        if (Files.isRegularFile(card)) {
            return card;
        }
        if (!Files.isRegularFile(script)) {
            throw new AflException("Cannot import " + checkpoint.getFileName() + ": " + script.toAbsolutePath()
                    + " is missing. Run the command from the project's root folder.");
        }
        try {
            Files.createDirectories(out);
            Path items = out.resolve("items.jsonl");
            TrainingDataExporter.exportItems(catalog, items);
            Path log = out.resolve("import.log");
            Process process = new ProcessBuilder(List.of(python.toString(), script.toString(),
                    "--checkpoint", checkpoint.toAbsolutePath().toString(), "--items", items.toString(),
                    "--dataset", dataset, "--name", name, "--out", out.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AflException("Importing " + checkpoint.getFileName() + " took over 10 minutes; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AflException("Importing " + checkpoint.getFileName() + " failed"
                        + (output.contains("No module named 'torch'") || output.contains("No module named 'onnx'")
                                ? ": " + python + " lacks torch/onnx. Install Debian's python3-torch and"
                                        + " python3-onnx, or set " + PYTHON_VARIABLE + " to a Python that has them."
                                : ". Its output ends: " + tail(output)));
            }
            if (!Files.isRegularFile(card)) {
                throw new AflException("Importing " + checkpoint.getFileName() + " wrote no card " + card
                        + ". Its output ends: " + tail(output));
            }
            return card;
        } catch (IOException e) {
            throw new AflException("Cannot run " + python + " to import " + checkpoint.getFileName() + " ("
                    + e.getMessage() + "). Install Debian's python3-torch and python3-onnx, or set "
                    + PYTHON_VARIABLE + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AflException("Interrupted while importing " + checkpoint.getFileName(), e);
        }
    }

    private static String tail(String output) {
        return output.length() <= 1500 ? output : output.substring(output.length() - 1500);
    }
}
