package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dataset in the form the training scripts in {@code models/} read: {@code items.jsonl}
 * ({@code {"id": model index, "title", "itemId": stable id}}) and {@code <split>.jsonl} rows whose ids are model
 * indices (the catalog positions). The model card's item mapping comes from {@code itemId}.
 */
public final class TrainingDataExporter {

    /** One line of items.jsonl. */
    record ExportedItem(int id, String title, String itemId) {
    }

    /** One line of a split file, in model indices. */
    record ExportedRow(int row, List<Integer> history, int next) {
    }

    private TrainingDataExporter() {
    }

    public static void export(Dataset dataset, Path folder) {
        ItemCatalog catalog = dataset.catalog();
        exportItems(catalog, folder.resolve("items.jsonl"));
        dataset.splits().forEach((split, rows) -> {
            List<ExportedRow> indexed = new ArrayList<>(rows.size());
            for (SequenceRow row : rows) {
                List<Integer> history = row.history().stream().map(catalog::positionOf).toList();
                indexed.add(new ExportedRow(row.row(), history, catalog.positionOf(row.next())));
            }
            JsonLines.write(folder.resolve(split.fileStem() + ".jsonl"), indexed);
        });
    }

    /** Writes only items.jsonl: what checkpoint import needs to map indices to stable ids. */
    public static void exportItems(ItemCatalog catalog, Path file) {
        List<ExportedItem> items = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            Item item = catalog.get(i);
            items.add(new ExportedItem(i, item.title(), item.id()));
        }
        JsonLines.write(file, items);
    }
}
