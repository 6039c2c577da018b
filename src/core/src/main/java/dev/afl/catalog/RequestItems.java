package dev.afl.catalog;

import dev.afl.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place a request's items become the loop's items, for the API, {@code refine --request} and the functions.
 * With the dataset's catalog, the catalog's title is the title: an unknown id is refused naming the id space and how
 * to find ids, a title that disagrees with the catalog's (case and whitespace aside) is refused naming the catalog's,
 * a missing one is filled in, and bare text is an id or else an exact title. Without a catalog every item must carry
 * its title, so the LLM agents never read bare ids.
 */
public final class RequestItems {

    private RequestItems() {
    }

    /**
     * The items of one list of the request ({@code history}, {@code candidates}); each refusal is added to
     * {@code problems}, named by its path ({@code candidates[3].title}), and its item left out of the answer.
     */
    public static List<Item> resolve(String dataset, Optional<ItemCatalog> catalog, List<RequestedItem> items,
            String list, List<InvalidRequestException> problems) {
        List<Item> resolved = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                resolved.add(resolve(dataset, catalog, items.get(i), list, i));
            } catch (InvalidRequestException e) {
                problems.add(e);
            }
        }
        return resolved;
    }

    /** {@link #resolve(String, Optional, List, String, List)}, refusing at the first problem. */
    public static List<Item> resolveAll(String dataset, Optional<ItemCatalog> catalog, List<RequestedItem> items,
            String list) {
        List<InvalidRequestException> problems = new ArrayList<>();
        List<Item> resolved = resolve(dataset, catalog, items, list, problems);
        if (!problems.isEmpty()) {
            throw problems.getFirst();
        }
        return resolved;
    }

    private static Item resolve(String dataset, Optional<ItemCatalog> catalog, RequestedItem item, String list,
            int index) {
        String at = list + "[" + index + "]";
        if (catalog.isEmpty()) {
            if (item.bare() || !item.titled()) {
                throw new InvalidRequestException(item.bare() ? at : at + ".title", "item '" + item.id() + "' in "
                        + list + " has no title, and this server has no catalog of " + dataset + " to take it from:"
                        + " give each item as {\"id\", \"title\"} (the agents read titles, not ids)");
            }
            return new Item(item.id(), item.title());
        }
        ItemCatalog known = catalog.get();
        if (item.bare()) {
            return byIdOrTitle(dataset, known, item.id(), list, at);
        }
        Item found = known.find(item.id()).orElseThrow(() -> ItemIds.unknownItem(list, index, item.id(),
                dataset));
        if (item.titled() && !CatalogSearch.normalized(item.title()).equals(CatalogSearch.normalized(found.title()))) {
            throw new InvalidRequestException(at + ".title", "item '" + item.id() + "' in " + list + " is '"
                    + found.title() + "' in the " + dataset + " catalog, not '" + item.title() + "': leave the title"
                    + " out (the catalog's is used) or check the id; " + ItemIds.howToFind(dataset));
        }
        return found;
    }

    private static Item byIdOrTitle(String dataset, ItemCatalog catalog, String text, String list, String at) {
        Optional<Item> byId = catalog.find(text.strip());
        if (byId.isPresent()) {
            return byId.get();
        }
        String wanted = CatalogSearch.normalized(text);
        List<Item> titled = catalog.items().stream()
                .filter(item -> CatalogSearch.normalized(item.title()).equals(wanted)).limit(3).toList();
        if (titled.size() == 1) {
            return titled.getFirst();
        }
        if (titled.size() > 1) {
            throw new InvalidRequestException(at, "'" + text + "' in " + list + " is the title of several " + dataset
                    + " items (" + titled.stream().map(Item::id).toList() + "): give the item's id instead");
        }
        throw new InvalidRequestException(at, "'" + text + "' in " + list + " is neither an item id nor an exact"
                + " title of the " + dataset + " catalog: requests use " + ItemIds.space(dataset) + "; "
                + ItemIds.howToFind(dataset));
    }
}
