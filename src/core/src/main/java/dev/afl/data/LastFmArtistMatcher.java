package dev.afl.data;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the processed LastFM artist names to HetRec artist ids. Exact names match all but a few; the rest
 * match after normalisation (Unicode NFKC, case, quotes, spacing). A name that is ambiguous or unmatched is
 * an error: a guessed id would silently corrupt every model that uses the mapping.
 */
final class LastFmArtistMatcher {

    private LastFmArtistMatcher() {
    }

    static List<String> match(List<String> titles, ItemCatalog artists) {
        Map<String, String> exact = new HashMap<>();
        Map<String, List<String>> normalized = new HashMap<>();
        for (Item artist : artists.items()) {
            exact.putIfAbsent(artist.title(), artist.id());
            normalized.computeIfAbsent(normalize(artist.title()), key -> new ArrayList<>()).add(artist.id());
        }
        List<String> ids = new ArrayList<>(titles.size());
        List<String> unmatched = new ArrayList<>();
        for (String title : titles) {
            String id = exact.get(title);
            if (id == null) {
                List<String> candidates = normalized.getOrDefault(normalize(title), List.of());
                id = candidates.size() == 1 ? candidates.getFirst() : null;
            }
            if (id == null) {
                unmatched.add(title);
            }
            ids.add(id);
        }
        if (!unmatched.isEmpty()) {
            throw new MissingDataException(unmatched.size() + " LastFM artists of the reference split have no single"
                    + " match in HetRec artists.dat (for example " + unmatched.subList(0, Math.min(5,
                    unmatched.size())) + "): check that artists.dat is the original HetRec 2011 file.");
        }
        return ids;
    }

    static String normalize(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[\"'`\u2018\u2019\u201c\u201d]", "").replaceAll("\\s+", " ").strip();
    }
}
