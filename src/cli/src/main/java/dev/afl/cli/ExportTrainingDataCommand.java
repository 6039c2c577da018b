package dev.afl.cli;

import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.MovieLensImporter;
import dev.afl.data.MovieLensTrainingSplit;
import dev.afl.data.RawArchive;
import dev.afl.data.RawDatasetSource;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.data.TrainingDataExporter;
import dev.afl.model.embedding.TitleEncoder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a dataset in model indices for the training scripts in models/ (MovieLens train is rebuilt). */
@Command(name = "export-training-data", mixinStandardHelpOptions = true,
        description = "Write a dataset's splits in model indices for models/training/train.py.")
public class ExportTrainingDataCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", required = true, description = "lastfm, movielens or steam.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created).")
    Path out;

    @Option(names = "--max-history", defaultValue = "10", description = "History window of the rebuilt train rows.")
    int maxHistory;

    @Option(names = "--item-text-features", description = "Also write the items' title embeddings ("
            + TitleEncoder.NAME + ", in process) as " + TrainingDataExporter.TEXT_FEATURES_FILE
            + ": what the morec model trains on.")
    boolean itemTextFeatures;

    @Override
    public Integer call() {
        KnownDataset known = KnownDataset.byId(dataset);
        DataLocation location = data.location();
        Dataset reference = new ReferenceSplitImporter(location).load(known);
        Dataset exported = reference;
        if (known == KnownDataset.MOVIELENS && !reference.has(Split.TRAIN)) {
            MovieLensTrainingSplit.Result rebuilt = MovieLensTrainingSplit.rebuild(reference,
                    MovieLensImporter.read(new RawDatasetSource(location).locate(RawArchive.MOVIELENS_100K)),
                    maxHistory);
            System.out.printf("MovieLens train rebuilt from u.data: %d rows of %d users; %d valid/test users left"
                    + " out; %d valid/test rows matched no user%n", rebuilt.dataset().rows(Split.TRAIN).size(),
                    rebuilt.trainUsers(), rebuilt.excludedUsers(), rebuilt.unmatchedRows());
            exported = rebuilt.dataset();
        }
        TrainingDataExporter.export(exported, out);
        exported.splits().forEach((split, rows) ->
                System.out.printf("%s: %d rows%n", split.fileStem(), rows.size()));
        if (itemTextFeatures) {
            TrainingDataExporter.TextFeaturesHeader header = TrainingDataExporter.exportItemTextFeatures(
                    exported.catalog(), new TitleEncoder(), out);
            System.out.printf("%s: %d x %d title embeddings (%s)%n", header.file(), header.rows(), header.dimension(),
                    header.artifact());
        }
        System.out.printf("items: %d; written to %s%n", exported.catalog().size(), out.toAbsolutePath());
        return 0;
    }
}
