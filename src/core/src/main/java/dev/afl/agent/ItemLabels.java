package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names items are shown under in prompts, and matched back from answers: the cleaned title, with the item
 * id added when two items of the same list would otherwise look the same.
 */
public final class ItemLabels {

    private ItemLabels() {
    }

    public static List<String> of(List<Item> items) {
        Map<String, Integer> counts = new HashMap<>();
        for (Item item : items) {
            counts.merge(clean(item), 1, Integer::sum);
        }
        List<String> labels = new ArrayList<>(items.size());
        for (Item item : items) {
            String title = clean(item);
            labels.add(counts.get(title) > 1 ? title + " (id " + DataFence.clean(item.id(), 40) + ")" : title);
        }
        return labels;
    }

    public static String of(Item item) {
        return clean(item);
    }

    private static String clean(Item item) {
        String title = DataFence.clean(item.title(), DataFence.TITLE_LIMIT);
        return title.isEmpty() ? "item " + DataFence.clean(item.id(), 40) : title;
    }
}
