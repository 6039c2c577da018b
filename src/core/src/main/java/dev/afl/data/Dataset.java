package dev.afl.data;

import dev.afl.catalog.ItemCatalog;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A catalog with its sequential splits. Splits that the source does not have are simply absent. */
public record Dataset(String name, ItemCatalog catalog, Map<Split, List<SequenceRow>> splits) {

    public Dataset {
        splits = Map.copyOf(new EnumMap<>(splits));
    }

    public boolean has(Split split) {
        return splits.containsKey(split);
    }

    /** The rows of a split, or a {@link MissingDataException} that says the dataset has no such split. */
    public List<SequenceRow> rows(Split split) {
        List<SequenceRow> rows = splits.get(split);
        if (rows == null) {
            throw new MissingDataException("Dataset '" + name + "' has no " + split.fileStem() + " split here"
                    + (split == Split.TRAIN && name.equals("movielens")
                            ? " (build it with 'export-training-data --dataset movielens')" : "") + ".");
        }
        return rows;
    }

    /**
     * This dataset limited to the given items (a model's vocabulary): the catalog keeps only them, histories
     * drop the others, and rows whose next item is outside or whose history empties are left out.
     */
    public Dataset restrictedTo(java.util.Set<String> itemIds) {
        ItemCatalog kept = catalog.restrictedTo(itemIds);
        Map<Split, List<SequenceRow>> restricted = new EnumMap<>(Split.class);
        splits.forEach((split, rows) -> restricted.put(split, rows.stream()
                .filter(row -> kept.contains(row.next()))
                .map(row -> new SequenceRow(row.row(), row.history().stream().filter(kept::contains).toList(),
                        row.next()))
                .filter(row -> !row.history().isEmpty()).toList()));
        return new Dataset(name, kept, restricted);
    }
}
