package dev.afl.api;

import dev.afl.catalog.Item;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item of a dataset's catalog: the id requests use and the catalog's title. */
@Schema(name = "CatalogItem", description = "An item of the catalog: the id requests use, and its title.")
public record CatalogItem(
        @Schema(description = "The id requests use (a HetRec Last.fm artist id, an ML-100K movie id).",
                examples = "52") String id,
        @Schema(description = "The catalog's title, which the agents read.", examples = "Queen") String title) {

    static CatalogItem of(Item item) {
        return new CatalogItem(item.id(), item.title());
    }
}
