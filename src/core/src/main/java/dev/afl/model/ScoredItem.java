package dev.afl.model;

/** A candidate and the score a model gave it (higher is better; scores are comparable within one call). */
public record ScoredItem(String itemId, float score) {
}
