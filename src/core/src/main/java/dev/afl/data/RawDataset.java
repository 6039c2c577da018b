package dev.afl.data;

import dev.afl.catalog.ItemCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A catalog and the interactions of a raw (unsplit) dataset, in file order. */
public record RawDataset(String name, ItemCatalog catalog, List<Interaction> interactions) {

    public RawDataset {
        interactions = List.copyOf(interactions);
    }

    /**
     * Each user's items in time order (stable: equal timestamps keep file order), users in order of first
     * appearance; an item seen twice by a user is kept at its first time.
     */
    public Map<String, List<String>> sequencesByUser() {
        Map<String, List<Interaction>> byUser = new LinkedHashMap<>();
        for (Interaction interaction : interactions) {
            byUser.computeIfAbsent(interaction.user(), user -> new ArrayList<>()).add(interaction);
        }
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        byUser.forEach((user, events) -> {
            List<Interaction> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparingLong(Interaction::timestamp));
            List<String> items = new ArrayList<>(ordered.size());
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Interaction event : ordered) {
                if (seen.add(event.item())) {
                    items.add(event.item());
                }
            }
            sequences.put(user, items);
        });
        return sequences;
    }
}
