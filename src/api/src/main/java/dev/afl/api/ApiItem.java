package dev.afl.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item as the API speaks of it: the dataset's stable id and, optionally, its title. */
@Schema(name = "Item", description = "An item of the dataset: the id requests use and, optionally, its title. Find"
        + " ids with GET /v1/datasets/{dataset}/items?search=TEXT.")
public record ApiItem(
        @Schema(description = "The dataset's stable id of the item (an ML-100K movie id, a HetRec Last.fm artist id)."
                + " A JSON number is read as its digits.", examples = "52")
        @NotBlank(message = "give the item's id")
        @Size(max = MAX_ID, message = "an item id has at most {max} characters")
        @Pattern(regexp = ID_PATTERN, message = "an item id is letters, digits, '.', '_', ':' or '-', starting with a"
                + " letter or digit")
        String id,
        @Schema(description = "The title the agents read in their prompts. Where the server has the dataset's catalog"
                + " (GET /v1/datasets says catalog: true) the catalog's title is used: leave it out, or give the same"
                + " (case and spaces aside), since a different one is refused. Without a catalog it is required.",
                examples = "Morcheeba")
        @Size(max = MAX_TITLE, message = "a title has at most {max} characters")
        String title) {

    public static final int MAX_ID = 128;
    public static final int MAX_TITLE = 500;
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]*";
}
