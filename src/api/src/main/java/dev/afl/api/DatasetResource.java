package dev.afl.api;

import dev.afl.agent.Domain;
import dev.afl.catalog.CatalogSearch;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.catalog.ItemIds;
import dev.afl.data.KnownDataset;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The datasets the server serves and their catalogs: where a client finds the ids and titles requests use. */
@Path("/v1/datasets")
@Tag(name = "Datasets", description = "The datasets served, and their items: find ids by title, draw candidates.")
public class DatasetResource {

    static final String DATASET_NOT_FOUND = "urn:afl:problem:dataset-not-found";
    static final String CATALOG_UNAVAILABLE = "urn:afl:problem:catalog-unavailable";
    static final String ITEM_NOT_FOUND = "urn:afl:problem:item-not-found";
    /** 1..100 spelled out (a number JAX-RS cannot convert would be answered without naming the parameter). */
    private static final String ONE_TO_MAX = "[1-9]|[1-9][0-9]|100";

    @Inject
    ServedCatalogs catalogs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDatasets", summary = "The datasets this server serves",
            description = "Only datasets both configured models are bundled for; items counts those the models know.")
    @APIResponse(responseCode = "200", description = "The datasets.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = DatasetSummary.class)))
    public List<DatasetSummary> datasets() {
        return catalogs.served().stream().map(dataset -> {
            ServedCatalogs.Loaded loaded = catalogs.catalog(dataset);
            return new DatasetSummary(dataset.id(), Domain.forDataset(dataset.id()).id(),
                    loaded.catalog().map(ItemCatalog::size).orElseGet(() -> catalogs.vocabulary(dataset.id()).size()),
                    loaded.catalog().isPresent());
        }).toList();
    }

    @GET
    @Path("/{dataset}/items")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "findItems", summary = "Find items by title or id, or draw candidates",
            description = "With search: items whose title contains the text (case-insensitively) or whose id is it,"
                    + " best first (exact, then prefix, then substring; ties by title), at most limit. With sample: a"
                    + " seeded random draw of that many items, none of them in exclude. With neither: the first"
                    + " limit items of the catalog.")
    @APIResponse(responseCode = "200", description = "The items.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemsPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is out of range, or search and sample are both"
            + " given.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The dataset is not served, or the server has no catalog of it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ItemsPage items(
            @PathParam("dataset") @Parameter(description = "The dataset's id.", example = "lastfm") String dataset,
            @QueryParam("search") @Parameter(in = ParameterIn.QUERY, description = "Text of the title, or an id.",
                    example = "queen")
            @Size(max = 200, message = "search has at most {max} characters") String search,
            @QueryParam("limit") @Parameter(in = ParameterIn.QUERY, description = "At most this many matches.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                            maximum = "" + CatalogSearch.MAX_LIMIT, defaultValue = "" + CatalogSearch.DEFAULT_LIMIT))
            @Pattern(regexp = ONE_TO_MAX, message = "limit must be a whole number from 1 to "
                    + CatalogSearch.MAX_LIMIT) String limit,
            @QueryParam("sample") @Parameter(in = ParameterIn.QUERY, description = "Draw this many items at random.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + CatalogSearch.MAX_LIMIT))
            @Pattern(regexp = ONE_TO_MAX, message = "sample must be a whole number from 1 to "
                    + CatalogSearch.MAX_LIMIT) String sample,
            @QueryParam("seed") @Parameter(in = ParameterIn.QUERY, description = "The draw's seed: the same seed"
                    + " draws the same items.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @Pattern(regexp = "-?[0-9]{1,18}", message = "seed must be a whole number") String seed,
            @QueryParam("exclude") @Parameter(in = ParameterIn.QUERY, description = "Comma-separated ids the draw"
                    + " leaves out (the history, candidates already chosen).", example = "52,63")
            @Size(max = 20_000, message = "exclude has at most {max} characters") String exclude) {
        ItemCatalog catalog = requireCatalog(dataset);
        if (sample != null) {
            if (search != null || limit != null) {
                throw new InvalidFieldsException(List.of(new Problem.FieldError(search != null ? "search" : "limit",
                        "sample draws items at random: give sample (with seed and exclude), or search (with limit),"
                                + " not both")));
            }
            Set<String> excluded = exclude == null ? Set.of() : Arrays.stream(exclude.split(",")).map(String::strip)
                    .filter(id -> !id.isEmpty()).collect(Collectors.toSet());
            return page(catalog, CatalogSearch.sample(catalog, Integer.parseInt(sample),
                    seed == null ? 0 : Long.parseLong(seed), excluded));
        }
        if (seed != null || exclude != null) {
            throw new InvalidFieldsException(List.of(new Problem.FieldError(seed != null ? "seed" : "exclude",
                    "seed and exclude apply to a draw: give sample too")));
        }
        int most = limit == null ? CatalogSearch.DEFAULT_LIMIT : Integer.parseInt(limit);
        return page(catalog, CatalogSearch.search(catalog, search == null ? "" : search, most));
    }

    @GET
    @Path("/{dataset}/items/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getItem", summary = "One item of the catalog, by the id requests use")
    @APIResponse(responseCode = "200", description = "The item.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogItem.class)))
    @APIResponse(responseCode = "404", description = "The dataset is not served, the server has no catalog of it, or"
            + " no item has this id.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public CatalogItem item(@PathParam("dataset") @Parameter(description = "The dataset's id.", example = "lastfm")
            String dataset, @PathParam("id") @Parameter(description = "The item's id.", example = "52") String id) {
        ItemCatalog catalog = requireCatalog(dataset);
        Item item = catalog.find(id).orElseThrow(() -> new CatalogNotFoundException(ITEM_NOT_FOUND, "Unknown item",
                "No " + dataset + " item the models know has the id '" + id + "': " + ItemIds.guide(dataset) + "."));
        return CatalogItem.of(item);
    }

    private ItemCatalog requireCatalog(String id) {
        KnownDataset dataset = catalogs.dataset(id).orElseThrow(() -> new CatalogNotFoundException(DATASET_NOT_FOUND,
                "Unknown dataset", "This server serves no dataset '" + id + "': it serves " + catalogs.served()
                        .stream().map(KnownDataset::id).collect(Collectors.joining(" and ")) + " (GET /v1/datasets)."));
        ServedCatalogs.Loaded loaded = catalogs.catalog(dataset);
        return loaded.catalog().orElseThrow(() -> new CatalogNotFoundException(CATALOG_UNAVAILABLE,
                "No catalog", "This server has no titles for " + id + ", so it cannot look items up: "
                        + loaded.missingBecause() + " Set AFL_DATA_DIR to the data folder holding reference-splits/"
                        + id + "/items.jsonl and restart the server. Meanwhile requests must give every item as"
                        + " {\"id\", \"title\"}."));
    }

    private static ItemsPage page(ItemCatalog catalog, List<Item> items) {
        return new ItemsPage(catalog.name(), items.stream().map(CatalogItem::of).toList());
    }
}
