package dev.afl.catalog;

import java.util.Objects;

/** One item of a dataset: its stable id (the dataset's own id, as a string) and its display title. */
public record Item(String id, String title) {

    public Item {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (id.isBlank()) {
            throw new IllegalArgumentException("item id must not be blank");
        }
    }
}
