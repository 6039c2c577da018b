package dev.afl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.data.Checksums;
import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.json.AflJson;
import dev.afl.model.CheckpointImporter;
import dev.afl.model.onnx.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Turns a published LLaRA/AFL SASRec checkpoint into a model every command can select by name: the ONNX model and
 * its card are written to a models folder as {@code <dataset>/<name>.onnx}, the layout of the bundled models, so
 * {@code AFL_MODELS_DIR=<folder>} makes it available to refine, experiment and the functions. This is how Steam,
 * whose training split was never published, gets models.
 */
@Command(name = "import-checkpoint", mixinStandardHelpOptions = true,
        description = "Import a LLaRA/AFL SASRec checkpoint (.pt) into a models folder under a model name.")
public class ImportCheckpointCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", required = true, description = "lastfm, movielens or steam.")
    String dataset;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The .pt checkpoint.")
    Path checkpoint;

    @Option(names = "--name", defaultValue = "sasrec",
            description = "The model name to select it by (default: ${DEFAULT-VALUE}, the reward model's name).")
    String name;

    @Option(names = "--models-dir", required = true, paramLabel = "DIR",
            description = "The models folder to write into (then run with AFL_MODELS_DIR=DIR).")
    Path modelsDir;

    @Option(names = "--training-dir", defaultValue = "${sys:afl-home:-.}/models/training", paramLabel = "DIR",
            description = "Where import_checkpoint.py lives (default: ${DEFAULT-VALUE}).")
    Path trainingDir;

    @Override
    public Integer call() throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name must be 1-41 lower-case letters, digits or '-', got '" + name
                    + "'.");
        }
        if (modelsDir.toAbsolutePath().normalize().equals(ModelRegistry.defaultDirectory().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--models-dir is the bundled models folder " + modelsDir
                    + "; import into a folder of your own (for example target/models) and point AFL_MODELS_DIR at it.");
        }
        KnownDataset known = KnownDataset.byId(dataset);
        DataLocation location = data.location();
        Dataset reference = new ReferenceSplitImporter(location).load(known);
        Path importedCard = new CheckpointImporter(EvaluateBaseCommand.pythonPath(), trainingDir, location.cacheDir())
                .importCheckpoint(checkpoint, known.id(), reference.catalog());
        ObjectMapper json = AflJson.documents();
        ObjectNode card = (ObjectNode) json.readTree(importedCard.toFile());
        Path onnx = importedCard.resolveSibling(card.path("onnxFile").asText());
        if (!Files.isRegularFile(onnx)) {
            throw new AflException("The import wrote no ONNX file " + onnx + "; see import.log beside it.");
        }
        Path folder = Files.createDirectories(modelsDir.resolve(known.id()));
        Path target = folder.resolve(name + ".onnx");
        Files.copy(onnx, target, StandardCopyOption.REPLACE_EXISTING);
        card.put("onnxFile", target.getFileName().toString());
        card.put("sha256", Checksums.sha256(target));
        json.writeValue(folder.resolve(name + ".card.json").toFile(), card);
        System.out.printf("Imported %s as %s/%s into %s; select it with AFL_MODELS_DIR=%s%n", checkpoint.getFileName(),
                known.id(), name, folder.toAbsolutePath(), modelsDir.toAbsolutePath());
        return 0;
    }
}
