package dev.afl.reliability;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.afl.memory.MemoryStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated refinement requests that are certainly wrong: one field of a valid request given a wrong value or left
 * out, the text cut short, a top-level value that is not an object, garbage, unknown ids. Two shapes: the JSON of
 * {@code refine --request} (items are ids), and the REST API's body (items are {@code {"id", "title"}} objects, with
 * a session id; its own mistakes added: malformed items and session ids, unknown fields, huge bodies). Each carries
 * the kind of mistake, for counting, and the field at fault. Also bad or unknown session ids and query values, for
 * the API's paths.
 */
public final class BadInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The field named when the whole text is at fault. */
    public static final String BODY = "body";

    /** The API's body limit ({@code quarkus.http.limits.max-body-size}); the "over the size limit" ones pass it. */
    public static final int API_BODY_LIMIT = 1024 * 1024;

    /** A request, what is wrong with it, and the field at fault ({@value #BODY} when it is the whole text). */
    public record BadRequest(String kind, String field, String json) {

        @Override
        public String toString() {
            return kind + ": " + (json.length() > 300 ? json.substring(0, 300) + "\u2026" : json);
        }
    }

    private BadInputs() {
    }

    /**
     * Bad {@code refine --request} requests around a valid one ({@code dataset}, {@code history}, {@code candidates},
     * {@code maxRounds}); ids are the catalog's, {@code plenty} holds more than 200 of them (for the size limits).
     */
    public static Gen<BadRequest> requests(String dataset, List<String> history, List<String> candidates,
            List<String> plenty) {
        ObjectNode base = JSON.createObjectNode().put("dataset", dataset).put("maxRounds", 2);
        history.forEach(base.putArray("history")::add);
        candidates.forEach(base.putArray("candidates")::add);
        List<BadRequest> mistakes = new ArrayList<>(fieldMistakes(base, history.getFirst(), candidates.getFirst(),
                plenty, TextNode::valueOf));
        mistakes.addAll(budgetMistakes(base));
        return mixed(base, mistakes, TextNode::valueOf, List.of());
    }

    /** A valid body of the REST API: items as {@code {"id"}} objects (the server's catalog has their titles). */
    public static ObjectNode apiRequest(String sessionId, String dataset, List<String> history,
            List<String> candidates) {
        ObjectNode base = JSON.createObjectNode().put("sessionId", sessionId).put("dataset", dataset)
                .put("maxRounds", 2);
        ArrayNode historyItems = base.putArray("history");
        history.forEach(id -> historyItems.add(apiItem(id)));
        ArrayNode candidateItems = base.putArray("candidates");
        candidates.forEach(id -> candidateItems.add(apiItem(id)));
        return base;
    }

    /**
     * Bad bodies of the REST API around {@link #apiRequest}: the mistakes of {@link #requests} in the API's shape,
     * and the API's own: a bad session id, a malformed item (no id, an id or title of the wrong type, form or length,
     * an unknown field), an unknown field, ids well formed but unknown, and huge bodies (titles, lists, numbers and
     * names far over their limits, bodies over {@link #API_BODY_LIMIT}).
     */
    public static Gen<BadRequest> apiRequests(String sessionId, String dataset, List<String> history,
            List<String> candidates, List<String> plenty) {
        ObjectNode base = apiRequest(sessionId, dataset, history, candidates);
        List<BadRequest> mistakes = new ArrayList<>(fieldMistakes(base, history.getFirst(), candidates.getFirst(),
                plenty, BadInputs::apiItem));
        mistakes.addAll(budgetMistakes(base));
        mistakes.addAll(apiMistakes(base, history.getFirst(), candidates.getFirst()));
        Gen<BadRequest> wellFormedUnknown = integers().between(0, 1_000_000).zip(integers().between(0, 1),
                (n, where) -> {
                    ObjectNode copy = base.deepCopy();
                    String field = where == 0 ? "history" : "candidates";
                    // Catalog ids are digits: a letter prefix is certainly unknown, yet a well-formed id.
                    ((ArrayNode) copy.get(field)).add(apiItem("no-such-item-" + n));
                    return new BadRequest("unknown item (well-formed id)", field, copy.toString());
                });
        return mixed(base, mistakes, BadInputs::apiItem, List.of(Pair.of(1, wellFormedUnknown),
                Pair.of(2, hugeApiBodies(base, history.getFirst()))));
    }

    /** Bad, odd or unknown session ids for the API's paths (and its sessionId field). */
    public static Gen<String> sessionIds() {
        Gen<String> odd = Generate.pick(ODD_SESSION_IDS);
        Gen<String> unicode = strings().allPossible().ofLengthBetween(1, 30);
        Gen<String> unknown = strings().betweenCodePoints('a', 'z').ofLengthBetween(0, 30).map(s -> "nobody-" + s);
        Gen<String> veryLong = integers().between(129, 3_000).map("s"::repeat);
        return Generate.oneOf(odd, unicode, unknown, veryLong);
    }

    /** Values of a whole-number query parameter, most of them no whole number in range ("" is the bare name). */
    public static Gen<String> queryValues() {
        return Generate.pick(List.of("", "0", "1", "20", "21", "-1", "+5", " 5", "5 ", "ten", "1.5", "1e3", "0x10",
                "\u0665", "\u00b2", "999999", "1000000", "99999999999999999999", "null", "[]", "%", "\u0000", "5;6",
                "\u2603"));
    }

    private static final List<String> ODD_SESSION_IDS = List.of("", " ", "-lead", ".hidden", "..", ".",
            "../../etc/passwd", "a/b", "a\\b", "a b", "caf\u00e9", "\u5b87\u591a\u7530", "\ud83d\ude00",
            "\u202eevil", "id\u0000", "a%2Fb", "%2e%2e", "a?b", "a#b", "a;b", "CON", "x".repeat(129));

    private static JsonNode apiItem(String id) {
        return JSON.createObjectNode().put("id", id);
    }

    /** Cut short, not an object, garbage, unknown ids and deep nesting around {@code base}, with the field mistakes. */
    private static Gen<BadRequest> mixed(ObjectNode base, List<BadRequest> fieldMistakes,
            Function<String, JsonNode> item, List<Pair<Integer, Gen<BadRequest>>> more) {
        String valid = base.toString();
        Gen<BadRequest> field = Generate.pick(fieldMistakes);
        Gen<BadRequest> cut = integers().between(0, valid.length() - 1)
                .map(end -> new BadRequest("cut short", BODY, valid.substring(0, end)));
        Gen<BadRequest> notObject = Generate.pick(List.of("[]", "[" + valid + "]", "\"request\"", "42", "null", "true",
                "\"\"", "   ")).map(text -> new BadRequest("not an object", BODY, text));
        Gen<BadRequest> garbage = strings().allPossible().ofLengthBetween(0, 60)
                .map(text -> new BadRequest("garbage", BODY, "#" + text));
        Gen<BadRequest> unknownId = strings().allPossible().ofLengthBetween(0, 20).zip(integers().between(0, 1),
                (text, where) -> {
                    ObjectNode copy = base.deepCopy();
                    String list = where == 0 ? "history" : "candidates";
                    // A snowman is in no catalog's ids or titles: the entry is certainly unknown.
                    ((ArrayNode) copy.get(list)).add(item.apply(text + "\u2603"));
                    return new BadRequest("unknown item", list, copy.toString());
                });
        Gen<BadRequest> deep = integers().between(1_000, 20_000)
                .map(depth -> new BadRequest("nested too deep", "history", "{\"history\": " + "[".repeat(depth)
                        + "]".repeat(depth) + ", \"candidates\": []}"));
        List<Pair<Integer, Gen<BadRequest>>> all = new ArrayList<>(List.of(Pair.of(6, field), Pair.of(2, cut),
                Pair.of(1, notObject), Pair.of(1, garbage), Pair.of(2, unknownId), Pair.of(1, deep)));
        all.addAll(more);
        return Generate.frequency(all);
    }

    /**
     * Every field of the request given each wrong value it can have, or left out where it has no default; lists of
     * items are written with {@code item}.
     */
    static List<BadRequest> fieldMistakes(ObjectNode base, String history, String candidate, List<String> plenty,
            Function<String, JsonNode> item) {
        List<BadRequest> mistakes = new ArrayList<>();
        for (String value : List.of("\"netflix\"", "\"\"", "5", "[]", "{}", "\"../lastfm\"", "\"lastfm.\"")) {
            mistakes.add(with(base, "dataset", value, "dataset"));
        }
        List<String> badLists = List.of("null", "\"" + history + "\"", "7", "{}", "[]", "[null]", "[true]", "[1.5]",
                "[{}]", "[[]]", "[\"\"]", "[\"\\u0000\"]", items(List.of("x", "x", "x", history), item));
        for (String value : badLists) {
            mistakes.add(with(base, "history", value, "history"));
        }
        mistakes.add(with(base, "history", items(Collections.nCopies(201, history), item), "history over 200"));
        mistakes.add(without(base, "history"));
        for (String value : badLists) {
            mistakes.add(with(base, "candidates", value, "candidates"));
        }
        mistakes.add(with(base, "candidates", items(List.of(candidate), item), "one candidate"));
        mistakes.add(with(base, "candidates", items(List.of(candidate, candidate), item), "a candidate twice"));
        mistakes.add(with(base, "candidates", items(plenty.subList(0, 101), item), "101 candidates"));
        mistakes.add(without(base, "candidates"));
        for (String value : List.of("0", "-1", "21", "99", "\"abc\"", "[]", "{}", "2147483648", "-2147483649",
                "\"2\"", "2.0", "true")) {
            mistakes.add(with(base, "maxRounds", value, "maxRounds"));
        }
        // Each value valid on its own: only a reader that keeps the last key, or converts, would take these.
        mistakes.add(twice(base, "dataset"));
        mistakes.add(twice(base, "maxRounds"));
        mistakes.add(twice(base, "history"));
        return List.copyOf(mistakes);
    }

    /** The budget of {@code refine --request} and of the REST API, each wrong value it can have. */
    private static List<BadRequest> budgetMistakes(ObjectNode base) {
        List<BadRequest> mistakes = new ArrayList<>();
        for (String value : List.of("\"x\"", "5", "[]", "{\"maxTokens\": -5}", "{\"maxTokens\": 0}",
                "{\"maxTokens\": \"many\"}", "{\"maxTokens\": 1e400}", "{\"maxCostUsd\": -1}", "{\"maxCostUsd\": 0}",
                "{\"maxWallTime\": \"soon\"}", "{\"maxWallTime\": \"PT0S\"}", "{\"maxWallTime\": \"-PT5S\"}",
                "{\"maxWallTime\": 30}", "{\"patienceRounds\": 0}", "{\"patienceRounds\": -3}", "{\"maxTokenz\": 5}",
                "{\"maxCostUsd\": 1, \"inputPricePerMillion\": -2}")) {
            mistakes.add(with(base, "budget", value, "budget"));
        }
        return mistakes;
    }

    /** The REST API's own mistakes: session ids, malformed items, unknown fields, numbers of the wrong kind. */
    private static List<BadRequest> apiMistakes(ObjectNode base, String history, String candidate) {
        List<BadRequest> mistakes = new ArrayList<>();
        for (String id : ODD_SESSION_IDS) {
            if (!MemoryStore.SESSION_ID.matcher(id).matches()) { // "CON" is odd only on Windows
                mistakes.add(with(base, "sessionId", JSON.valueToTree(id).toString(), "sessionId"));
            }
        }
        mistakes.add(with(base, "sessionId", "[]", "sessionId"));
        mistakes.add(with(base, "sessionId", "{}", "sessionId"));
        mistakes.add(with(base, "sessionId", "12", "sessionId of another kind"));
        mistakes.add(twice(base, "sessionId"));
        for (String list : List.of("history", "candidates")) {
            String id = list.equals("history") ? history : candidate;
            for (String entry : List.of("\"" + id + "\"", "{}", "{\"id\": null}", "{\"id\": \"\"}", "{\"id\": \" \"}",
                    "{\"id\": \"" + id + " \"}", "{\"id\": \"a b\"}", "{\"id\": \"-" + id + "\"}",
                    "{\"id\": \"" + "7".repeat(129) + "\"}", "{\"id\": [\"" + id + "\"]}", "{\"id\": {\"value\": " + id
                    + "}}", "{\"id\": \"" + id + "/../1\"}", "{\"id\": \"\\u0665\"}", "{\"id\": \"" + id + "\\u00b2\"}",
                    "{\"title\": \"No id\"}", "{\"id\": \"" + id + "\", \"title\": \"" + "t".repeat(501) + "\"}",
                    "{\"id\": \"" + id + "\", \"title\": [\"t\"]}", "{\"id\": \"" + id + "\", \"title\": {}}",
                    "{\"id\": \"" + id + "\", \"rating\": 5}", "{\"id\": \"" + id + "\", \"id\": \"\"}",
                    "{\"id\": " + id + "}", "{\"id\": \"" + id + "\", \"title\": 5}",
                    "{\"id\": \"" + id + "\", \"id\": \"" + id + "\"}")) {
                mistakes.add(withFirstItem(base, list, entry));
            }
        }
        mistakes.add(with(base, "user", "\"alice\"", "unknown field"));
        mistakes.add(with(base, "Dataset", "\"lastfm\"", "unknown field"));
        for (String value : List.of("2.5", "\"4\"", "true", "1e1", "[2]", "{\"value\": 2}")) {
            mistakes.add(with(base, "maxRounds", value, "maxRounds"));
        }
        return mistakes;
    }

    /** Titles, lists, names and numbers far over their limits, and bodies over {@link #API_BODY_LIMIT}. */
    private static Gen<BadRequest> hugeApiBodies(ObjectNode base, String history) {
        Gen<BadRequest> title = integers().between(501, 400_000).map(length -> {
            ObjectNode copy = base.deepCopy();
            ((ObjectNode) copy.get("history").get(0)).put("title", "T".repeat(length));
            return new BadRequest("huge title", "history", copy.toString());
        });
        Gen<BadRequest> list = integers().between(201, 30_000).map(length -> with(base, "history",
                items(Collections.nCopies(length, history), BadInputs::apiItem), "huge history"));
        // The JSON reader takes numbers of up to 1,000 digits: a longer one is refused before any field is known.
        Gen<BadRequest> number = integers().between(11, 3_000).map(digits -> {
            BadRequest bad = with(base, "maxRounds", "1" + "0".repeat(digits), "huge number");
            return digits <= 1_000 ? bad : new BadRequest("number over 1,000 digits", BODY, bad.json());
        });
        Gen<BadRequest> name = integers().between(33, 400_000).map(length -> with(base, "dataset",
                "\"" + "d".repeat(length) + "\"", "huge dataset name"));
        Gen<BadRequest> overLimit = integers().between(0, API_BODY_LIMIT).map(extra -> new BadRequest(
                "over the size limit", BODY, base.toString() + " ".repeat(API_BODY_LIMIT + 1 + extra)));
        return Generate.oneOf(title, list, number, name, overLimit);
    }

    /** The list with its first item replaced by {@code entry}, spliced in as text (it may repeat a key). */
    private static BadRequest withFirstItem(ObjectNode base, String list, String entry) {
        ObjectNode copy = base.deepCopy();
        ((ArrayNode) copy.get(list)).set(0, TextNode.valueOf("__ITEM__"));
        return new BadRequest(list + " item", list, copy.toString().replace("\"__ITEM__\"", entry));
    }

    private static BadRequest with(ObjectNode base, String field, String value, String kind) {
        try {
            ObjectNode copy = base.deepCopy();
            copy.set(field, JSON.readTree(value));
            return new BadRequest(kind, field, copy.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Values Jackson's tree cannot hold (1e400) are spliced in as text.
            String text = base.deepCopy().put(field, "__VALUE__").toString();
            return new BadRequest(kind, field, text.replace("\"__VALUE__\"", value));
        }
    }

    /** The request with {@code field} written twice, the same valid value each time. */
    private static BadRequest twice(ObjectNode base, String field) {
        String text = base.toString();
        return new BadRequest("a key given twice", field, "{\"" + field + "\":" + base.get(field) + ","
                + text.substring(1));
    }

    private static BadRequest without(ObjectNode base, String field) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        return new BadRequest("no " + field, field, copy.toString());
    }

    private static String items(List<String> ids, Function<String, JsonNode> item) {
        ArrayNode array = JSON.createArrayNode();
        ids.forEach(id -> array.add(item.apply(id)));
        return array.toString();
    }
}
