package dev.afl.cli;

import dev.afl.InvalidRequestException;
import dev.afl.app.ConfiguredModelNames;
import dev.afl.catalog.CatalogSearch;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.catalog.ItemIds;
import dev.afl.data.KnownDataset;
import dev.afl.json.AflJson;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Finds items in a dataset's catalog, in the id space requests use: the ids {@code refine --request} and the API
 * take, with the titles the agents read. The same search as {@code GET /v1/datasets/{dataset}/items}.
 */
@Command(name = "items", mixinStandardHelpOptions = true,
        description = "Find a dataset's items by title (or id) and print 'id<TAB>title' lines, best matches first:"
                + " the ids refine --request and the API take.")
public class ItemsCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", defaultValue = RefineCommand.DEFAULT_DATASET,
            description = "lastfm, movielens or steam (default: ${DEFAULT-VALUE}).")
    String dataset;

    @ArgGroup(exclusive = true)
    Lookup lookup;

    /** What to look for: a piece of a title, or one id. */
    static class Lookup {
        @Option(names = "--search", paramLabel = "TEXT",
                description = "Items whose title contains TEXT (any case) or whose id is TEXT.")
        String search;

        @Option(names = "--id", paramLabel = "ID", description = "The item with this id.")
        String id;
    }

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + CatalogSearch.DEFAULT_LIMIT,
            description = "At most N items, 1 to " + CatalogSearch.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print {\"dataset\", \"items\": [{\"id\", \"title\"}]} instead of lines.")
    boolean json;

    @Inject
    ConfiguredModelNames names;

    @Override
    public Integer call() throws IOException {
        if (limit < 1 || limit > CatalogSearch.MAX_LIMIT) {
            throw new InvalidRequestException("limit", "--limit must be from 1 to " + CatalogSearch.MAX_LIMIT
                    + ", got " + limit + ".");
        }
        KnownDataset known = KnownDataset.byId(dataset);
        ItemCatalog catalog = catalog(known);
        List<Item> found;
        if (lookup != null && lookup.id != null) {
            found = List.of(catalog.find(lookup.id.strip()).orElseThrow(() -> new InvalidRequestException("id",
                    "No " + known.id() + " item has the id '" + lookup.id + "': " + ItemIds.guide(known.id()) + ".")));
        } else {
            found = CatalogSearch.search(catalog, lookup == null || lookup.search == null ? "" : lookup.search, limit);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", known.id());
            out.put("items", found);
            System.out.println(AflJson.documents().writeValueAsString(out));
        } else {
            found.forEach(item -> System.out.println(item.id() + "\t" + item.title()));
        }
        if (found.isEmpty() && lookup != null) {
            System.err.println("No " + known.id() + " item's title contains '" + lookup.search + "'.");
        }
        return 0;
    }

    /** The catalog refine reads, limited to the items the configured models know where they serve the dataset. */
    private ItemCatalog catalog(KnownDataset known) {
        ItemCatalog catalog = DatasetLoader.load(data.location(), known).dataset().catalog();
        if (!names.serves(known.id())) {
            return catalog;
        }
        return catalog.restrictedTo(names.vocabulary(known.id()));
    }
}
