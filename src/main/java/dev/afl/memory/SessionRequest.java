package dev.afl.memory;

import java.util.List;

/**
 * What a refinement session was asked: the user's history and the candidates (stable ids), the round limit,
 * and the models used, so a stored session can be resumed or audited.
 */
public record SessionRequest(String dataset, List<String> history, List<String> candidates, int maxRounds,
        String recommendationModel, String rewardModel) {

    public SessionRequest {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
    }
}
