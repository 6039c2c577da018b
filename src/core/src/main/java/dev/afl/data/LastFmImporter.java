package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads raw HetRec 2011 Last.fm: {@code artists.dat} (id, name, ...), {@code user_artists.dat}
 * (user, artist, play count) and, when present, {@code user_taggedartists.dat} (user, artist, tag, day, month,
 * year). Item ids are the HetRec artist ids.
 *
 * <p>HetRec has no listening times. A user's artists are ordered by the first date the user tagged them
 * (month granularity; untagged artists first), ties in file order. This is an approximation: the LLaRA/AFL
 * LastFM split was built from a different, timestamped source.
 */
public final class LastFmImporter {

    public static final String FOLDER = "hetrec2011-lastfm-2k";

    private LastFmImporter() {
    }

    public static RawDataset read(Path folder) {
        ItemCatalog catalog = readArtists(folder.resolve("artists.dat"));
        Map<String, Long> firstTagged = readFirstTagDates(folder.resolve("user_taggedartists.dat"));
        Path plays = folder.resolve("user_artists.dat");
        List<Interaction> interactions = new ArrayList<>(93_000);
        TextFiles.forEachLine(plays, StandardCharsets.UTF_8, (line, number) -> {
            if (number == 1 || line.isBlank()) {
                return; // header
            }
            String[] fields = line.strip().split("\t");
            if (fields.length != 3) {
                throw new DataFormatException(plays, number,
                        "expected 3 tab-separated fields (userID, artistID, weight), found " + fields.length);
            }
            String user = String.valueOf(TextFiles.parseInt(fields[0], plays, number, "userID"));
            String artist = String.valueOf(TextFiles.parseInt(fields[1], plays, number, "artistID"));
            TextFiles.parseLong(fields[2], plays, number, "weight");
            if (!catalog.contains(artist)) {
                throw new DataFormatException(plays, number, "artist id " + artist + " is not in artists.dat");
            }
            interactions.add(new Interaction(user, artist, firstTagged.getOrDefault(user + "\t" + artist, 0L)));
        });
        return new RawDataset("lastfm", catalog, interactions);
    }

    public static ItemCatalog readArtists(Path file) {
        List<Item> items = new ArrayList<>(17_700);
        TextFiles.forEachLine(file, StandardCharsets.UTF_8, (line, number) -> {
            if (number == 1 || line.isBlank()) {
                return; // header
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 2) {
                throw new DataFormatException(file, number, "expected tab-separated fields 'id<TAB>name<TAB>...'");
            }
            int id = TextFiles.parseInt(fields[0], file, number, "artist id");
            items.add(new Item(String.valueOf(id), fields[1].strip()));
        });
        return ItemCatalog.of("lastfm", items);
    }

    private static Map<String, Long> readFirstTagDates(Path file) {
        Map<String, Long> first = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return first;
        }
        TextFiles.forEachLine(file, StandardCharsets.UTF_8, (line, number) -> {
            if (number == 1 || line.isBlank()) {
                return; // header
            }
            String[] fields = line.strip().split("\t");
            if (fields.length != 6) {
                throw new DataFormatException(file, number,
                        "expected 6 tab-separated fields (userID, artistID, tagID, day, month, year)");
            }
            long date = TextFiles.parseLong(fields[5], file, number, "year") * 10_000
                    + TextFiles.parseLong(fields[4], file, number, "month") * 100
                    + TextFiles.parseLong(fields[3], file, number, "day");
            first.merge(fields[0].strip() + "\t" + fields[1].strip(), date, Math::min);
        });
        return first;
    }
}
