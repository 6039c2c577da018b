package dev.afl.catalog;

import dev.afl.AflException;

/** An item id that the catalog (or a model's vocabulary) does not contain. */
public class UnknownItemException extends AflException {

    private final String itemId;

    public UnknownItemException(String itemId, String where) {
        super("Unknown item id '" + itemId + "': it is not in " + where
                + ". Use ids from the dataset's item catalog (items.jsonl, u.item, artists.dat).");
        this.itemId = itemId;
    }

    public String itemId() {
        return itemId;
    }
}
