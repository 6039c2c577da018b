package dev.afl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.InvalidRequestException;
import dev.afl.catalog.RequestedItem;
import dev.afl.json.AflJson;
import dev.afl.json.JsonProblem;
import dev.afl.json.StrictJson;
import dev.afl.memory.Budget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON of {@code refine --request FILE}: the API's request body ({@code POST /v1/refinements}), read strictly
 * ({@link StrictJson}): a key given twice, an unknown field at any level, {@code "maxRounds": "4"} or a dataset that
 * is no string is an error naming the field by its path. History and candidates hold items as the API writes them,
 * {@code {"id", "title"}} (the title optional), or, as the CLI has always read them, plain ids or exact titles; an id
 * may be written as a JSON whole number ({@code 52}), as the datasets' ids are numerals.
 *
 * @param sessionId optional; {@code --session-id} or a new one when absent
 * @param dataset   optional; {@code --dataset} when absent
 * @param maxRounds optional; {@code --max-rounds} or the configured default when absent
 * @param budget    optional; the budget options win when any is given
 */
record RequestFile(String sessionId, String dataset, List<JsonNode> history, List<JsonNode> candidates,
        Integer maxRounds, Budget budget) {

    private static final ObjectMapper READER = AflJson.strict();
    private static final Set<String> ITEM_FIELDS = Set.of("id", "title");
    private static final String SHAPE = "a JSON object {\"sessionId\", \"dataset\", \"history\", \"candidates\","
            + " \"maxRounds\", \"budget\"}, each key once, as POST /v1/refinements takes it";

    /** Reads the request from {@code file} ({@code -} for stdin). */
    static RequestFile read(String file) throws IOException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            RequestFile request = READER.readValue(in, RequestFile.class);
            if (request == null) {
                throw new InvalidRequestException("request", "The request must be " + SHAPE + ", got null.");
            }
            return request;
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("request", "No request file " + file + ".");
        } catch (JsonProcessingException e) {
            JsonProblem problem = JsonProblem.of(e);
            throw new InvalidRequestException(problem.fieldOr("request"), "The request is not valid: " + problem
                    + ". It is " + SHAPE + ".");
        }
    }

    /**
     * The items of {@code history} or {@code candidates}: a JSON object {@code {"id", "title"}} names an item by id;
     * a string or whole number is an id or else an exact title.
     */
    static List<RequestedItem> items(List<JsonNode> list, String field) {
        if (list == null) {
            throw new InvalidRequestException(field, "The request needs '" + field + "' as an array of items:"
                    + " {\"id\", \"title\"} objects, ids or titles.");
        }
        List<RequestedItem> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode value = list.get(i);
            String at = field + "[" + i + "]";
            if (value != null && value.isObject()) {
                items.add(item(value, at));
            } else if (value != null && (value.isTextual() || value.isIntegralNumber())) {
                items.add(RequestedItem.idOrTitle(value.asText()));
            } else {
                throw new InvalidRequestException(at, at + " is " + value + ": give an item as {\"id\", \"title\"},"
                        + " an id or a title.");
            }
        }
        return items;
    }

    private static RequestedItem item(JsonNode value, String at) {
        for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!ITEM_FIELDS.contains(name)) {
                throw new InvalidRequestException(at + "." + name, at + "." + name + ": unknown field '" + name
                        + "'; an item has \"id\" and, optionally, \"title\".");
            }
        }
        JsonNode id = value.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new InvalidRequestException(at + ".id", at + ".id: give the item's id as a string (got " + id
                    + ").");
        }
        JsonNode title = value.get("title");
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw new InvalidRequestException(at + ".title", at + ".title: expected a string (got " + title + ").");
        }
        return RequestedItem.of(id.asText(), title == null || title.isNull() ? null : title.asText());
    }
}
