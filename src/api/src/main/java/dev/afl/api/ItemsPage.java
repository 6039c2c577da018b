package dev.afl.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Items of a dataset's catalog: a search's matches, best first, or a seeded draw. */
@Schema(name = "Items", description = "Items of a dataset's catalog.")
public record ItemsPage(
        @Schema(description = "The dataset.", examples = "lastfm") String dataset,
        @Schema(description = "The items found or drawn.") List<CatalogItem> items) {
}
