package dev.afl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.InvalidRequestException;
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
import java.util.List;

/**
 * The JSON of {@code refine --request FILE}, read strictly ({@link StrictJson}): a key given twice, an unknown field,
 * {@code "maxRounds": "4"} or a dataset that is no string is an error naming the field. History and candidates are
 * lists of item ids or exact titles; an id may be written as a JSON whole number ({@code 52}), as the datasets'
 * ids are numerals.
 *
 * @param dataset   optional; {@code --dataset} when absent
 * @param maxRounds optional; {@code --max-rounds} or the configured default when absent
 * @param budget    optional; the budget options win when any is given
 */
record RequestFile(String dataset, List<JsonNode> history, List<JsonNode> candidates, Integer maxRounds,
        Budget budget) {

    private static final ObjectMapper READER = AflJson.strict();

    /** Reads the request from {@code file} ({@code -} for stdin). */
    static RequestFile read(String file) throws IOException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            RequestFile request = READER.readValue(in, RequestFile.class);
            if (request == null) {
                throw new InvalidRequestException("request", "The request must be a JSON object with history and"
                        + " candidates, got null.");
            }
            return request;
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("request", "No request file " + file + ".");
        } catch (JsonProcessingException e) {
            JsonProblem problem = JsonProblem.of(e);
            throw new InvalidRequestException(problem.fieldOr("request"), "The request is not valid: " + problem
                    + ". It is a JSON object {\"dataset\", \"history\", \"candidates\", \"maxRounds\","
                    + " \"budget\"}, each key once.");
        }
    }

    /** The entries of {@code history} or {@code candidates}: ids or titles, as text. */
    static List<String> entries(List<JsonNode> list, String field) {
        if (list == null) {
            throw new InvalidRequestException(field, "The request needs '" + field + "' as an array of item ids or"
                    + " titles.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : list) {
            if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
                throw new InvalidRequestException(field, "'" + field + "' holds " + value + ", which is neither an id"
                        + " nor a title.");
            }
            values.add(value.asText());
        }
        return values;
    }
}
