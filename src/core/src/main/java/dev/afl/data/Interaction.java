package dev.afl.data;

/**
 * One user-item event of a raw dataset.
 *
 * @param timestamp seconds (or any increasing number); sequences are ordered by it, ties kept in file order
 */
public record Interaction(String user, String item, long timestamp) {
}
