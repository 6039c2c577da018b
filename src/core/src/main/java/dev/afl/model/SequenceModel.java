package dev.afl.model;

/**
 * A trained sequential recommender described by a model card (SASRec, GRU4Rec, Caser, imported checkpoints): it
 * scores each candidate on its own, so the candidates' order cannot move its choice, and the same file serves as
 * recommendation model, reward model or simulated user's judge. The ONNX adapter implements it; the evaluation
 * reads it through this interface.
 */
public interface SequenceModel extends RecommendationModel, RewardModel {

    @Override
    String name();

    @Override
    boolean knows(String itemId);

    /** The card the model was loaded and checked against. */
    ModelCard card();

    /** The model file's sha256: two models with the same provenance are the same model. */
    @Override
    String provenance();
}
