package dev.afl.cli;

import dev.afl.InvalidRequestException;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.util.List;
import java.util.Locale;

/** Reads the items of a JSON request: each entry is a stable id, or else an exact (case-insensitive) title. */
final class ItemResolver {

    private ItemResolver() {
    }

    static List<Item> resolve(ItemCatalog catalog, List<String> entries, String field) {
        return entries.stream().map(entry -> resolve(catalog, entry, field)).toList();
    }

    private static Item resolve(ItemCatalog catalog, String entry, String field) {
        if (catalog.contains(entry)) {
            return catalog.require(entry);
        }
        String wanted = entry.strip().toLowerCase(Locale.ROOT);
        List<Item> titled = catalog.items().stream()
                .filter(item -> item.title().strip().toLowerCase(Locale.ROOT).equals(wanted)).limit(3).toList();
        if (titled.size() == 1) {
            return titled.getFirst();
        }
        if (titled.size() > 1) {
            throw new InvalidRequestException(field, "'" + entry + "' in " + field + " matches several items ("
                    + titled.stream().map(Item::id).toList() + "); give the item id instead.");
        }
        throw new InvalidRequestException(field, "'" + entry + "' in " + field + " is neither an item id nor a title"
                + " of the " + catalog.name() + " catalog.");
    }
}
