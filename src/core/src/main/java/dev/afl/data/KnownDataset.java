package dev.afl.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The datasets of the paper's protocol, with the item domain their prompts speak of. */
public enum KnownDataset {
    LASTFM("lastfm", "music artist"),
    MOVIELENS("movielens", "movie"),
    STEAM("steam", "game");

    private final String id;
    private final String domain;

    KnownDataset(String id, String domain) {
        this.id = id;
        this.domain = domain;
    }

    public String id() {
        return id;
    }

    /** What one item is, in words ("music artist", "movie", "game"). */
    public String domain() {
        return domain;
    }

    public static KnownDataset byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(dataset -> dataset.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new dev.afl.AflException("Unknown dataset '" + id + "': use one of "
                        + Arrays.stream(values()).map(KnownDataset::id).collect(Collectors.joining(", ")) + "."));
    }
}
