package dev.afl.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The items of one dataset, in a fixed order, looked up by stable id. Immutable. */
public final class ItemCatalog {

    private final String name;
    private final List<Item> items;
    private final Map<String, Integer> positions;

    private ItemCatalog(String name, List<Item> items, Map<String, Integer> positions) {
        this.name = name;
        this.items = items;
        this.positions = positions;
    }

    /** Builds a catalog; duplicate ids are refused because every lookup must be unambiguous. */
    public static ItemCatalog of(String name, Collection<Item> items) {
        List<Item> ordered = List.copyOf(items);
        Map<String, Integer> positions = HashMap.newHashMap(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Integer previous = positions.put(ordered.get(i).id(), i);
            if (previous != null) {
                throw new IllegalArgumentException("catalog '" + name + "' lists item id '" + ordered.get(i).id()
                        + "' twice (positions " + previous + " and " + i + ")");
            }
        }
        return new ItemCatalog(name, ordered, positions);
    }

    /** The items whose ids are in {@code ids}, in this catalog's order (the items a dataset's models know). */
    public ItemCatalog restrictedTo(java.util.Set<String> ids) {
        return of(name, items.stream().filter(item -> ids.contains(item.id())).toList());
    }

    public String name() {
        return name;
    }

    public int size() {
        return items.size();
    }

    public List<Item> items() {
        return items;
    }

    public Item get(int position) {
        return items.get(position);
    }

    public boolean contains(String id) {
        return positions.containsKey(id);
    }

    public Optional<Item> find(String id) {
        Integer position = positions.get(id);
        return position == null ? Optional.empty() : Optional.of(items.get(position));
    }

    /** The item with this id, or an {@link UnknownItemException} that names the catalog. */
    public Item require(String id) {
        return find(id).orElseThrow(() -> new UnknownItemException(id, "the " + name + " catalog"));
    }

    /** Position of the item in catalog order, or an {@link UnknownItemException}. */
    public int positionOf(String id) {
        Integer position = positions.get(id);
        if (position == null) {
            throw new UnknownItemException(id, "the " + name + " catalog");
        }
        return position;
    }

}
