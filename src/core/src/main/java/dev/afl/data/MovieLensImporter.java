package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads raw MovieLens-100K: {@code u.item} ({@code id|title|...}, ISO-8859-1) and {@code u.data}
 * ({@code user<TAB>item<TAB>rating<TAB>timestamp}). Item ids are the ML-100K movie ids.
 */
public final class MovieLensImporter {

    public static final String FOLDER = "ml-100k";

    private MovieLensImporter() {
    }

    public static RawDataset read(Path folder) {
        ItemCatalog catalog = readItems(folder.resolve("u.item"));
        Path ratings = folder.resolve("u.data");
        List<Interaction> interactions = new ArrayList<>(100_000);
        TextFiles.forEachLine(ratings, StandardCharsets.ISO_8859_1, (line, number) -> {
            if (line.isBlank()) {
                return;
            }
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new DataFormatException(ratings, number,
                        "expected 4 tab-separated fields (user, item, rating, timestamp), found " + fields.length);
            }
            String item = String.valueOf(TextFiles.parseInt(fields[1], ratings, number, "item id"));
            if (!catalog.contains(item)) {
                throw new DataFormatException(ratings, number, "item id " + item + " is not in u.item");
            }
            TextFiles.parseInt(fields[2], ratings, number, "rating");
            interactions.add(new Interaction(fields[0].trim(), item,
                    TextFiles.parseLong(fields[3], ratings, number, "timestamp")));
        });
        return new RawDataset("movielens", catalog, interactions);
    }

    static ItemCatalog readItems(Path file) {
        List<Item> items = new ArrayList<>(1682);
        TextFiles.forEachLine(file, StandardCharsets.ISO_8859_1, (line, number) -> {
            if (line.isBlank()) {
                return;
            }
            String[] fields = line.split("\\|", -1);
            if (fields.length < 2) {
                throw new DataFormatException(file, number, "expected '|'-separated fields 'id|title|...'");
            }
            int id = TextFiles.parseInt(fields[0], file, number, "movie id");
            items.add(new Item(String.valueOf(id), fields[1].trim()));
        });
        return ItemCatalog.of("movielens", items);
    }
}
