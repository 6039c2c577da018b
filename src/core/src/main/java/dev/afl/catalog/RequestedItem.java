package dev.afl.catalog;

/**
 * An item as a request names it: by {@code id} with an optional {@code title} (a JSON object {@code {"id",
 * "title"}}), or by bare text ({@code bare}: a JSON string or number in {@code id}) that is an id or else an exact
 * title.
 */
public record RequestedItem(String id, String title, boolean bare) {

    public static RequestedItem of(String id, String title) {
        return new RequestedItem(id, title, false);
    }

    public static RequestedItem idOrTitle(String text) {
        return new RequestedItem(text, null, true);
    }

    boolean titled() {
        return title != null && !title.isBlank();
    }
}
