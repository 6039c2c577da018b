package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the LLaRA/AFL processed splits in their JSON Lines form ({@code reference-splits/<dataset>/}) and gives
 * every item its stable id: the ML-100K movie id for MovieLens (processed id + 1), the HetRec artist id for
 * LastFM (matched by name against {@code artists.dat}), the processed id for Steam (no raw source exists).
 *
 * <p>The catalog keeps the processed order, so an item's catalog position is its processed id: the index
 * models trained on (or imported from) these splits use.
 */
public final class ReferenceSplitImporter {

    public static final String FOLDER = "reference-splits";

    private final Path dataDir;
    private final RawDatasetSource rawSource;

    public ReferenceSplitImporter(DataLocation location) {
        this(location, new RawDatasetSource(location));
    }

    public ReferenceSplitImporter(DataLocation location, RawDatasetSource rawSource) {
        this.dataDir = location.requireDataDir("the reference splits");
        this.rawSource = rawSource;
    }

    public Dataset load(KnownDataset dataset) {
        Path folder = dataDir.resolve(FOLDER).resolve(dataset.id());
        if (!Files.isDirectory(folder)) {
            throw new MissingDataException("No reference splits for " + dataset.id() + " under " + folder
                    + ". The data path must hold " + FOLDER + "/" + dataset.id() + "/ (items.jsonl, valid.jsonl,"
                    + " test.jsonl); convert the LLaRA/AFL pickles with models/training/convert_splits.py.");
        }
        ItemCatalog catalog = catalog(dataset);
        List<String> stableIds = catalog.items().stream().map(Item::id).toList();
        Map<Split, List<SequenceRow>> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            Path file = folder.resolve(split.fileStem() + ".jsonl");
            if (Files.isRegularFile(file)) {
                splits.put(split, readRows(file, stableIds));
            }
        }
        return new Dataset(dataset.id(), catalog, splits);
    }

    /**
     * The dataset's items alone, with their stable ids (in processed order), without reading the splits: what a
     * server needs to name and look up items.
     */
    public ItemCatalog catalog(KnownDataset dataset) {
        Path items = dataDir.resolve(FOLDER).resolve(dataset.id()).resolve("items.jsonl");
        if (!Files.isRegularFile(items)) {
            throw new MissingDataException("No item catalog for " + dataset.id() + ": " + items + " is missing. The"
                    + " data path must hold " + FOLDER + "/" + dataset.id() + "/items.jsonl.");
        }
        List<String> titles = readTitles(items);
        List<String> stableIds = stableIds(dataset, titles);
        List<Item> catalog = new ArrayList<>(titles.size());
        for (int i = 0; i < titles.size(); i++) {
            catalog.add(new Item(stableIds.get(i), titles.get(i)));
        }
        return ItemCatalog.of(dataset.id(), catalog);
    }

    /**
     * The user-simulation users of {@code usersim.jsonl} ({@code {"user", "recent", "all"}}, LastFM only in the
     * reference data), with stable item ids.
     */
    public List<UserHistory> loadUserSimulation(KnownDataset dataset) {
        Path folder = dataDir.resolve(FOLDER).resolve(dataset.id());
        Path file = folder.resolve("usersim.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new MissingDataException("No user-simulation users for " + dataset.id() + ": " + file
                    + " is missing (the reference data has them for lastfm).");
        }
        List<String> stableIds = stableIds(dataset, readTitles(folder.resolve("items.jsonl")));
        return JsonLines.read(file, (node, line) -> new UserHistory(
                JsonLines.textField(node, "user", file, line),
                JsonLines.idListField(node, "recent", file, line).stream()
                        .map(id -> translate(id, stableIds, file, line)).toList(),
                JsonLines.idListField(node, "all", file, line).stream()
                        .map(id -> translate(id, stableIds, file, line)).toList()));
    }

    /** Titles by processed id; ids must be 0..N-1 in order, because models index items by them. */
    private static List<String> readTitles(Path file) {
        return JsonLines.read(file, (node, line) -> {
            int id = JsonLines.intField(node, "id", file, line);
            if (id != line - 1) {
                throw new DataFormatException(file, line, "expected id " + (line - 1) + " (ids are 0-based and"
                        + " in order, one item per line), found " + id);
            }
            return JsonLines.textField(node, "title", file, line);
        });
    }

    private static List<SequenceRow> readRows(Path file, List<String> stableIds) {
        return JsonLines.read(file, (node, line) -> {
            int row = JsonLines.intField(node, "row", file, line);
            List<String> history = new ArrayList<>();
            for (String id : JsonLines.idListField(node, "history", file, line)) {
                history.add(translate(id, stableIds, file, line));
            }
            String next = translate(JsonLines.textField(node, "next", file, line), stableIds, file, line);
            return new SequenceRow(row, history, next);
        });
    }

    private static String translate(String processedId, List<String> stableIds, Path file, long line) {
        int id;
        try {
            id = Integer.parseInt(processedId);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "item id '" + processedId + "' is not an integer");
        }
        if (id < 0 || id >= stableIds.size()) {
            throw new DataFormatException(file, line, "item id " + id + " is outside the catalog (0.."
                    + (stableIds.size() - 1) + " in items.jsonl)");
        }
        return stableIds.get(id);
    }

    private List<String> stableIds(KnownDataset dataset, List<String> titles) {
        return switch (dataset) {
            case MOVIELENS -> range(titles.size(), 1);
            case STEAM -> range(titles.size(), 0);
            case LASTFM -> LastFmArtistMatcher.match(titles,
                    LastFmImporter.readArtists(rawSource.locate(RawArchive.HETREC_LASTFM).resolve("artists.dat")));
        };
    }

    private static List<String> range(int size, int offset) {
        List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(String.valueOf(i + offset));
        }
        return ids;
    }
}
