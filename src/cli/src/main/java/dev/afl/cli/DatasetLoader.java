package dev.afl.cli;

import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.LastFmImporter;
import dev.afl.data.LeaveLastOutSplitter;
import dev.afl.data.MissingDataException;
import dev.afl.data.MovieLensImporter;
import dev.afl.data.RawArchive;
import dev.afl.data.RawDatasetSource;
import dev.afl.data.ReferenceSplitImporter;
import java.nio.file.Files;

/**
 * Finds a dataset for the main job: the reference splits under the data path when they are there; otherwise
 * the raw dataset (from the data path, the cache, or a download), split leave-last-out per user.
 */
final class DatasetLoader {

    /**
     * The dataset and where it came from, in words.
     *
     * @param reference whether it is the reference splits (in the processed item order the paper's candidate lists
     *                  are drawn over), not a raw dataset split here
     */
    record Loaded(Dataset dataset, String origin, boolean reference) {
    }

    private DatasetLoader() {
    }

    /**
     * The reference splits, with the MovieLens training split rebuilt from u.data (LLaRA did not publish it) when
     * the raw file can be found, so popularity is counted over training interactions as for LastFM.
     */
    static Dataset referenceWithTraining(DataLocation location, KnownDataset known) {
        Dataset reference = new ReferenceSplitImporter(location).load(known);
        if (known != KnownDataset.MOVIELENS || reference.has(dev.afl.data.Split.TRAIN)) {
            return reference;
        }
        return dev.afl.data.MovieLensTrainingSplit.rebuild(reference, MovieLensImporter.read(
                new RawDatasetSource(location).locate(RawArchive.MOVIELENS_100K)), 10).dataset();
    }

    static Loaded load(DataLocation location, KnownDataset known) {
        if (location.dataDirIfSet().map(dir -> Files.isDirectory(dir.resolve(ReferenceSplitImporter.FOLDER)
                .resolve(known.id()))).orElse(false)) {
            return new Loaded(new ReferenceSplitImporter(location).load(known), "reference splits under "
                    + location.dataDir(), true);
        }
        RawDatasetSource raw = new RawDatasetSource(location);
        return switch (known) {
            case MOVIELENS -> new Loaded(LeaveLastOutSplitter.split(MovieLensImporter.read(
                    raw.locate(RawArchive.MOVIELENS_100K)), 10), "raw MovieLens-100K, split leave-last-out", false);
            case LASTFM -> new Loaded(LeaveLastOutSplitter.split(LastFmImporter.read(
                    raw.locate(RawArchive.HETREC_LASTFM)), 10), "raw HetRec Last.fm, split leave-last-out", false);
            case STEAM -> throw new MissingDataException("Steam has no public raw download: set "
                    + DataLocation.DATA_DIR_VARIABLE + " (or --data-dir) to a folder holding "
                    + ReferenceSplitImporter.FOLDER + "/steam/.");
        };
    }
}
