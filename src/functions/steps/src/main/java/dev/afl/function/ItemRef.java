package dev.afl.function;

/** An item in a start event: its stable id and, optionally, its title (the id stands in when absent). */
public record ItemRef(String id, String title) {
}
