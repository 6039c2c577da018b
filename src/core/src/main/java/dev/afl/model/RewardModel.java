package dev.afl.model;

import java.util.List;

/**
 * The fixed reward model the user agent consults: how well an item fits the user's history. Scores are only
 * meaningful relative to the other candidates of the same call, which is how the user agent is told them.
 */
public interface RewardModel {

    String name();

    /** Whether the model can score this item (it is in the model's vocabulary). */
    boolean knows(String itemId);

    /** One reward per candidate, in candidate order. */
    float[] rewards(List<String> history, List<String> candidates);
}
