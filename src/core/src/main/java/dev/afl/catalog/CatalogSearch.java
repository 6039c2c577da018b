package dev.afl.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Looking items up in a catalog by what a person knows of them: a piece of the title or the id, or a seeded draw of
 * candidates. The one implementation the API's {@code /v1/datasets/{dataset}/items} and {@code afl items} share.
 */
public final class CatalogSearch {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private CatalogSearch() {
    }

    /**
     * Items whose title contains {@code text} (case-insensitively) or whose id is {@code text}, best first: an exact
     * id or title, then titles starting with the text, then the rest; ties by title, then id.
     */
    public static List<Item> search(ItemCatalog catalog, String text, int limit) {
        String wanted = normalized(text);
        if (wanted.isEmpty()) {
            return catalog.items().stream().limit(limit).toList();
        }
        record Match(Item item, int rank) {
        }
        List<Match> matches = new ArrayList<>();
        for (Item item : catalog.items()) {
            String title = normalized(item.title());
            int rank = item.id().equalsIgnoreCase(text.strip()) || title.equals(wanted) ? 0
                    : title.startsWith(wanted) ? 1 : title.contains(wanted) ? 2 : -1;
            if (rank >= 0) {
                matches.add(new Match(item, rank));
            }
        }
        return matches.stream()
                .sorted(Comparator.comparingInt(Match::rank)
                        .thenComparing(m -> m.item().title(), String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(m -> m.item().id()))
                .limit(limit).map(Match::item).toList();
    }

    /**
     * {@code size} distinct items drawn at random with {@code seed}, none of them in {@code exclude}: the same seed,
     * catalog and exclusions draw the same items in the same order. Fewer when the catalog has fewer to give.
     */
    public static List<Item> sample(ItemCatalog catalog, int size, long seed, Set<String> exclude) {
        List<Item> pool = new ArrayList<>(catalog.items().stream().filter(item -> !exclude.contains(item.id())).toList());
        SplittableRandom random = new SplittableRandom(seed);
        int drawn = Math.min(size, pool.size());
        // A partial Fisher-Yates shuffle: the first 'drawn' places are the draw.
        for (int i = 0; i < drawn; i++) {
            int j = i + random.nextInt(pool.size() - i);
            Item swapped = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swapped);
        }
        return List.copyOf(pool.subList(0, drawn));
    }

    /** A title as compared: case and runs of whitespace do not count. */
    public static String normalized(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
