package dev.afl.agent;

/**
 * One rejected round as the agents remember it (the paper's Tables 1-2): what was recommended, why, and why the
 * user said no. Each agent renders these entries with its own memory template.
 *
 * @param item the recommended item's title
 */
public record MemoryEntry(int round, String itemId, String item, String recommendationReason, String userReason) {
}
