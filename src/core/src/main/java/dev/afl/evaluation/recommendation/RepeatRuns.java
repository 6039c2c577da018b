package dev.afl.evaluation.recommendation;

import java.util.List;

/**
 * The repeat runs of an experiment ({@code experiment --repeats k}, k > 1): each LLM configuration run k times, one
 * sampling seed per repeat, and the configurations that ran once because they answer the same every time.
 *
 * @param repeats        the runs asked for
 * @param seeds          the sampling seed of each repeat, in repeat order
 * @param configurations the figures of each configuration that ran k times
 * @param ranOnce        the ids of the configurations that ran once
 * @param ranOnceBecause why they ran once
 */
public record RepeatRuns(int repeats, List<Integer> seeds, List<RepeatResult> configurations, List<String> ranOnce,
        String ranOnceBecause) {

    public RepeatRuns {
        seeds = List.copyOf(seeds);
        configurations = List.copyOf(configurations);
        ranOnce = List.copyOf(ranOnce);
    }
}
