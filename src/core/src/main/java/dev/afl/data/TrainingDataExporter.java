package dev.afl.data;

import dev.afl.AflException;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dataset in the form the training scripts in {@code models/} read: {@code items.jsonl}
 * ({@code {"id": model index, "title", "itemId": stable id}}) and {@code <split>.jsonl} rows whose ids are model
 * indices (the catalog positions). The model card's item mapping comes from {@code itemId}. On request also the
 * frozen title features the MoRec model reads: {@value #TEXT_FEATURES_FILE} (float32 {@code [items, dimension]}, row
 * i = model index i) and {@value #TEXT_FEATURES_HEADER} (what produced it).
 */
public final class TrainingDataExporter {

    public static final String TEXT_FEATURES_FILE = "item-text-features.npy";
    public static final String TEXT_FEATURES_HEADER = "item-text-features.json";

    /** item-text-features.json: provenance of the matrix, checked by models/training before training. */
    public record TextFeaturesHeader(String encoder, String artifact, String text, int rows, int dimension,
            String normalisation, String file, String sha256) {
    }

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

    /** Encodes every item's title in model-index order and writes the matrix and its header. */
    public static TextFeaturesHeader exportItemTextFeatures(ItemCatalog catalog, TextEncoder encoder, Path folder) {
        List<String> titles = new ArrayList<>(catalog.size());
        for (Item item : catalog.items()) {
            if (item.title() == null || item.title().isBlank()) {
                throw new AflException("Item '" + item.id() + "' of the " + catalog.name() + " catalog has no title,"
                        + " and the text features are computed from titles: give every item a title in the items file.");
            }
            titles.add(item.title());
        }
        Path matrix = folder.resolve(TEXT_FEATURES_FILE);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        NpyMatrix.ofRows(encoder.encode(titles)).write(matrix);
        TextFeaturesHeader header = new TextFeaturesHeader(encoder.name(), encoder.artifact(), "title",
                catalog.size(), encoder.dimension(), "L2 (unit length)", TEXT_FEATURES_FILE, Checksums.sha256(matrix));
        try {
            AflJson.documents().writeValue(folder.resolve(TEXT_FEATURES_HEADER).toFile(), header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(TEXT_FEATURES_HEADER) + ": "
                    + e.getMessage(), e);
        }
        return header;
    }
}
