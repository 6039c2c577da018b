package dev.afl.api;

import dev.afl.AflException;

/** A dataset, catalog or item the catalog endpoints cannot answer: 404, with what to ask instead. */
public class CatalogNotFoundException extends AflException {

    private final String type;
    private final String title;

    CatalogNotFoundException(String type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }
}
