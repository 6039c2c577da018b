package dev.afl.evaluation;

import java.util.Map;
import java.util.Optional;

/** The paper's (Cai et al., SIGIR 2025, Table 4) "Base Model" HitRatio@1, which our trained models are held to. */
public final class PaperFigures {

    private static final Map<String, Double> BASE_MODEL = Map.of(
            "lastfm/sasrec", 0.2869, "lastfm/gru4rec", 0.2787, "lastfm/caser", 0.2705,
            "steam/sasrec", 0.3800, "steam/gru4rec", 0.3750, "steam/caser", 0.4200,
            "movielens/sasrec", 0.4105, "movielens/gru4rec", 0.4526, "movielens/caser", 0.3789);

    private PaperFigures() {
    }

    public static Optional<Double> baseModel(String dataset, String model) {
        return Optional.ofNullable(BASE_MODEL.get(dataset + "/" + model));
    }
}
