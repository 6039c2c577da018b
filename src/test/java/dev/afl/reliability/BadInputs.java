package dev.afl.reliability;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated refinement requests (the JSON of {@code refine --request}, and of the API's request body when it lands)
 * that are certainly wrong: one field of a valid request given a wrong value or left out, the text cut short, a
 * top-level value that is not an object, garbage, unknown ids. Each carries the kind of mistake, for counting.
 */
public final class BadInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request and what is wrong with it. */
    public record BadRequest(String kind, String json) {

        @Override
        public String toString() {
            return kind + ": " + (json.length() > 300 ? json.substring(0, 300) + "\u2026" : json);
        }
    }

    private BadInputs() {
    }

    /**
     * Bad requests around a valid one ({@code dataset}, {@code history}, {@code candidates}, {@code maxRounds}); ids
     * are the catalog's, {@code plenty} holds more than 200 of them (for the size limits).
     */
    public static Gen<BadRequest> requests(String dataset, List<String> history, List<String> candidates,
            List<String> plenty) {
        ObjectNode base = JSON.createObjectNode().put("dataset", dataset).put("maxRounds", 2);
        history.forEach(base.putArray("history")::add);
        candidates.forEach(base.putArray("candidates")::add);
        String valid = base.toString();
        List<BadRequest> fieldMistakes = fieldMistakes(base, plenty);
        Gen<BadRequest> field = Generate.pick(fieldMistakes);
        Gen<BadRequest> cut = integers().between(0, valid.length() - 1)
                .map(end -> new BadRequest("cut short", valid.substring(0, end)));
        Gen<BadRequest> notObject = Generate.pick(List.of("[]", "[" + valid + "]", "\"request\"", "42", "null", "true",
                "\"\"", "   ")).map(text -> new BadRequest("not an object", text));
        Gen<BadRequest> garbage = strings().allPossible().ofLengthBetween(0, 60)
                .map(text -> new BadRequest("garbage", "#" + text));
        Gen<BadRequest> unknownId = strings().allPossible().ofLengthBetween(0, 20).zip(integers().between(0, 1),
                (text, where) -> {
                    ObjectNode copy = base.deepCopy();
                    // A snowman is in no catalog's ids or titles: the entry is certainly unknown.
                    ((ArrayNode) copy.get(where == 0 ? "history" : "candidates")).add(text + "\u2603");
                    return new BadRequest("unknown item", copy.toString());
                });
        Gen<BadRequest> deep = integers().between(1_000, 20_000)
                .map(depth -> new BadRequest("nested too deep", "{\"history\": " + "[".repeat(depth) + "]".repeat(depth)
                        + ", \"candidates\": []}"));
        return Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(6, field), org.quicktheories.api.Pair.of(2, cut),
                org.quicktheories.api.Pair.of(1, notObject), org.quicktheories.api.Pair.of(1, garbage),
                org.quicktheories.api.Pair.of(2, unknownId), org.quicktheories.api.Pair.of(1, deep)));
    }

    /** Every field of the request given each wrong value it can have, or left out where it has no default. */
    static List<BadRequest> fieldMistakes(ObjectNode base, List<String> plenty) {
        List<BadRequest> mistakes = new ArrayList<>();
        String history = base.get("history").get(0).asText();
        String candidate = base.get("candidates").get(0).asText();
        for (String value : List.of("\"netflix\"", "\"\"", "5", "[]", "{}", "\"../lastfm\"", "\"lastfm.\"")) {
            mistakes.add(with(base, "dataset", value, "dataset"));
        }
        List<String> badLists = List.of("null", "\"" + history + "\"", "7", "{}", "[]", "[null]", "[true]", "[1.5]",
                "[{}]", "[[]]", "[\"\"]", "[\"\\u0000\"]", "[" + "\"x\",".repeat(3) + "\"" + history + "\"]");
        for (String value : badLists) {
            mistakes.add(with(base, "history", value, "history"));
        }
        mistakes.add(with(base, "history", ids(Collections.nCopies(201, history)), "history over 200"));
        mistakes.add(without(base, "history"));
        for (String value : badLists) {
            mistakes.add(with(base, "candidates", value, "candidates"));
        }
        mistakes.add(with(base, "candidates", ids(List.of(candidate)), "one candidate"));
        mistakes.add(with(base, "candidates", ids(List.of(candidate, candidate)), "a candidate twice"));
        mistakes.add(with(base, "candidates", ids(plenty.subList(0, 101)), "101 candidates"));
        mistakes.add(without(base, "candidates"));
        for (String value : List.of("0", "-1", "21", "99", "\"abc\"", "[]", "{}", "2147483648", "-2147483649")) {
            mistakes.add(with(base, "maxRounds", value, "maxRounds"));
        }
        for (String value : List.of("\"x\"", "5", "[]", "{\"maxTokens\": -5}", "{\"maxTokens\": 0}",
                "{\"maxTokens\": \"many\"}", "{\"maxTokens\": 1e400}", "{\"maxCostUsd\": -1}", "{\"maxCostUsd\": 0}",
                "{\"maxWallTime\": \"soon\"}", "{\"maxWallTime\": \"PT0S\"}", "{\"maxWallTime\": \"-PT5S\"}",
                "{\"maxWallTime\": 30}", "{\"patienceRounds\": 0}", "{\"patienceRounds\": -3}", "{\"maxTokenz\": 5}",
                "{\"maxCostUsd\": 1, \"inputPricePerMillion\": -2}")) {
            mistakes.add(with(base, "budget", value, "budget"));
        }
        return List.copyOf(mistakes);
    }

    private static BadRequest with(ObjectNode base, String field, String value, String kind) {
        try {
            ObjectNode copy = base.deepCopy();
            copy.set(field, JSON.readTree(value));
            return new BadRequest(kind, copy.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Values Jackson's tree cannot hold (1e400) are spliced in as text.
            String text = base.deepCopy().put(field, "__VALUE__").toString();
            return new BadRequest(kind, text.replace("\"__VALUE__\"", value));
        }
    }

    private static BadRequest without(ObjectNode base, String field) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        return new BadRequest("no " + field, copy.toString());
    }

    private static String ids(List<String> ids) {
        ArrayNode array = JSON.createArrayNode();
        ids.forEach(array::add);
        return array.toString();
    }
}
