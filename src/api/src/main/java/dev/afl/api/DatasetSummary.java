package dev.afl.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dataset the server serves, as {@code GET /v1/datasets} lists it. */
@Schema(name = "Dataset", description = "A dataset this server has models for.")
public record DatasetSummary(
        @Schema(description = "The dataset's id, as requests name it.", examples = "lastfm") String id,
        @Schema(description = "What one item is: music, movie or game.", examples = "music") String domain,
        @Schema(description = "How many items requests may use (those both models know).", examples = "4606")
        int items,
        @Schema(description = "Whether the server has the items' titles: when false, the item endpoints answer 404"
                + " and every item of a request must carry its title.") boolean catalog) {
}
