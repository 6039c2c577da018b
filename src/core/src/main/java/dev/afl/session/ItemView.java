package dev.afl.session;

import dev.afl.catalog.Item;

/** An item as a caller is shown it: the dataset's stable id and its title (null when the request gave none). */
public record ItemView(String id, String title) {

    public static ItemView of(Item item) {
        return new ItemView(item.id(), item.title());
    }
}
