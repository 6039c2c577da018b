package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads users' own data: an interactions file and an optional items file, each CSV (with a header row) or
 * JSON Lines, chosen by the file ending.
 *
 * <ul>
 *   <li>interactions: columns/fields {@code user}, {@code item}, {@code timestamp} (an integer; any increasing
 *       number works), extra columns ignored;</li>
 *   <li>items: {@code id}, {@code title}; without an items file each item's title is its id; with one, an
 *       interaction whose item is not listed is an error.</li>
 * </ul>
 * CSV fields may be quoted with {@code "} (a doubled quote inside stands for one).
 */
public final class GenericInteractionsImporter {

    private GenericInteractionsImporter() {
    }

    public static RawDataset read(String name, Path interactionsFile, Optional<Path> itemsFile) {
        Optional<ItemCatalog> listed = itemsFile.map(file -> ItemCatalog.of(name, readRecords(file,
                List.of("id", "title")).stream().map(fields -> new Item(fields.get(0), fields.get(1))).toList()));
        List<List<String>> records = readRecords(interactionsFile, List.of("user", "item", "timestamp"));
        Map<String, Item> seen = new LinkedHashMap<>();
        List<Interaction> interactions = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            List<String> fields = records.get(i);
            String item = fields.get(1);
            if (listed.isPresent() && !listed.get().contains(item)) {
                throw new DataFormatException(interactionsFile, i + 2L, "item '" + item + "' is not in "
                        + itemsFile.orElseThrow().getFileName());
            }
            seen.putIfAbsent(item, new Item(item, item));
            interactions.add(new Interaction(fields.get(0), item,
                    TextFiles.parseLong(fields.get(2), interactionsFile, i + 2L, "timestamp")));
        }
        return new RawDataset(name, listed.orElseGet(() -> ItemCatalog.of(name, seen.values())), interactions);
    }

    /** The named fields of every record, in the order asked for. */
    private static List<List<String>> readRecords(Path file, List<String> fields) {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (fileName.endsWith(".jsonl") || fileName.endsWith(".json")) {
            return JsonLines.read(file, (node, line) -> fields.stream()
                    .map(field -> JsonLines.textField(node, field, file, line)).toList());
        }
        if (!fileName.endsWith(".csv")) {
            throw new DataFormatException(file, "unknown format: name the file *.csv or *.jsonl");
        }
        List<List<String>> records = new ArrayList<>();
        int[] columns = new int[fields.size()];
        TextFiles.forEachLine(file, StandardCharsets.UTF_8, (line, number) -> {
            if (line.isBlank()) {
                return;
            }
            List<String> cells = splitCsv(line, file, number);
            if (number == 1) {
                for (int i = 0; i < fields.size(); i++) {
                    columns[i] = cells.stream().map(cell -> cell.strip().toLowerCase(Locale.ROOT)).toList()
                            .indexOf(fields.get(i));
                    if (columns[i] < 0) {
                        throw new DataFormatException(file, 1, "the header row lacks the column '" + fields.get(i)
                                + "' (it needs " + String.join(", ", fields) + ")");
                    }
                }
                return;
            }
            List<String> record = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                if (columns[i] >= cells.size()) {
                    throw new DataFormatException(file, number, "missing the '" + fields.get(i) + "' column");
                }
                record.add(cells.get(columns[i]).strip());
            }
            records.add(record);
        });
        return records;
    }

    static List<String> splitCsv(String line, Path file, long number) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new DataFormatException(file, number, "a quoted field is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }
}
