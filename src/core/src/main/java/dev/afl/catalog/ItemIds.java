package dev.afl.catalog;

import dev.afl.InvalidRequestException;

/**
 * The id space requests use for each dataset, and where a person finds an item's id: the words every refusal of an
 * unknown id shares (the API, {@code refine --request}, the loop and the functions).
 */
public final class ItemIds {

    private ItemIds() {
    }

    /** Which ids a request of this dataset uses, in words. */
    public static String space(String dataset) {
        return switch (dataset) {
            case "lastfm" -> "HetRec Last.fm artist ids (artists.dat), not the 0-based ids of the reference splits'"
                    + " items.jsonl";
            case "movielens" -> "ML-100K movie ids (u.item), which are the reference splits' items.jsonl ids plus 1";
            case "steam" -> "the reference splits' item ids (items.jsonl)";
            default -> "the dataset's stable item ids";
        };
    }

    /** What an unknown id's refusal ends with: the id space of the dataset's requests and how to find an id. */
    public static String guide(String dataset) {
        return dataset + " requests use " + space(dataset) + "; " + howToFind(dataset);
    }

    /** The command and the API call that find an item's id by its title. */
    public static String howToFind(String dataset) {
        return "find ids with 'afl items --dataset " + dataset + " --search TEXT' or GET /v1/datasets/" + dataset
                + "/items?search=TEXT";
    }

    /**
     * The refusal of an item the dataset's models do not know, named by its place in the request
     * ({@code candidates[3].id}): the one wording the loop, the API and the functions use.
     */
    public static InvalidRequestException unknownItem(String list, int index, String itemId, String dataset) {
        return new InvalidRequestException(list + "[" + index + "].id", "item '" + itemId + "' in " + list
                + " is not in the " + dataset + " catalog of the models: " + guide(dataset));
    }
}
