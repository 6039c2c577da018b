package dev.afl.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Models a dataset gets at its first use when the models folder bundles none for it: Steam, whose training split was
 * never published, gets the published LLaRA Steam SASRec, imported from its checkpoint ({@link
 * ReferenceCheckpointModels}). Asking for the names costs nothing; asking for a card file produces the model.
 */
public interface FirstUseModels {

    /** No model at first use: the models folder's cards are all there is (the functions). */
    FirstUseModels NONE = new FirstUseModels() {
        @Override
        public List<String> names(String dataset) {
            return List.of();
        }

        @Override
        public Path cardFile(String dataset, String name) {
            throw new IllegalStateException("no model " + dataset + "/" + name + " is made at first use");
        }
    };

    /** The names of the models the dataset gets at first use, without producing them. */
    List<String> names(String dataset);

    /** The card file of the model {@code dataset/name}, one of {@link #names}, produced now if it is not yet. */
    Path cardFile(String dataset, String name);
}
