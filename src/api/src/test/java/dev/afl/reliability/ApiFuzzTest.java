package dev.afl.reliability;

import static dev.afl.reliability.FaultLedger.CASES;
import static dev.afl.reliability.FaultLedger.FAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.TestData;
import dev.afl.api.ApiProfile;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.reliability.BadInputs.BadRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The REST API fed generated bad requests over real HTTP ({@code ./afl serve}'s application, offline agents, the
 * file store): bad bodies ({@link BadInputs#apiRequests}) on both POST endpoints, sent as JSON or with a wrong or
 * missing content type, and bad, odd or unknown ids and query values on the GET endpoints. Every answer must be a
 * 4xx {@code application/problem+json} naming what was wrong (the field in {@code errors}, or a detail), never a 5xx
 * or a stack trace, and a refused request must store nothing. Valid requests at the edges (unicode titles, 100
 * candidates, ids that look alike) must succeed and be stored as given.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class ApiFuzzTest {

    /** The LastFM catalog the server reads (the titles it stores). */
    private static final ItemCatalog CATALOG = new ReferenceSplitImporter(TestData.location())
            .catalog(KnownDataset.LASTFM);

    static final long SEED = 20_250_801L;
    static final int POST_TRIES = 300;
    static final int GET_TRIES = 300;
    /** Each shrink step sends the request again: a few keep a failure's report short and quick. */
    static final int SHRINK_CYCLES = 10;
    /** The session id of every generated body: a refused request must not store it. */
    static final String FUZZ_ID = "fuzz-api";
    static final String JSON_TYPE = "application/json";
    /** Content types the POST endpoints refuse (415); "" sends none. */
    static final List<String> NOT_JSON = List.of("", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/xml", "application/octet-stream", "text/json",
            "application/problem+json", "json", "application/json-patch+json");
    static final List<String> ENDPOINTS = List.of("/v1/refinements", "/v1/sessions");
    static final FaultLedger LEDGER = new FaultLedger("fuzz-api", "generated bad requests to the REST API over HTTP"
            + " (QuickTheories, fixed seed " + SEED + "): bad bodies on both POST endpoints as JSON or with a wrong or"
            + " missing content type; bad, odd and unknown ids and query values on the GET endpoints");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "afl.api.store-dir")
    String storeDir;
    @Inject
    ModelRegistry models;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    List<String> known;

    /** A POST: where, with which content type, and the body. */
    record Post(String path, String contentType, BadRequest body) {

        @Override
        public String toString() {
            return "POST " + path + " (" + (contentType.isEmpty() ? "no content type" : contentType) + ") " + body;
        }
    }

    /** A GET of a session or of a page of its rounds; absent query parameters are not sent. */
    record Get(String id, boolean rounds, Optional<String> offset, Optional<String> limit) {

        @Override
        public String toString() {
            return "GET session " + printable(id) + (rounds ? " rounds offset=" + offset.map(ApiFuzzTest::printable)
                    .orElse("(absent)") + " limit=" + limit.map(ApiFuzzTest::printable).orElse("(absent)") : "");
        }
    }

    /** An answer: status, content type, the body as JSON (null when it is not JSON). */
    record Answer(int status, String contentType, String text, JsonNode json) {

        List<String> fields() {
            List<String> fields = new ArrayList<>();
            if (json != null && json.get("errors") instanceof ArrayNode errors) {
                errors.forEach(e -> fields.add(e.path("field").asText()));
            }
            return fields;
        }
    }

    @BeforeEach
    void vocabulary() {
        known = models.card("lastfm", "gru4rec").itemIds().stream()
                .filter(models.card("lastfm", "sasrec").itemIds()::contains).sorted().limit(300).toList();
    }

    @AfterAll
    static void write() {
        LEDGER.write();
    }

    @Test
    void badBodiesOnBothPostEndpointsAreProblemsAndStoreNothing() {
        Gen<BadRequest> bad = BadInputs.apiRequests(FUZZ_ID, "lastfm", known.subList(0, 3), known.subList(3, 7), known);
        BadRequest valid = new BadRequest("valid body", null,
                BadInputs.apiRequest(FUZZ_ID, "lastfm", known.subList(0, 3), known.subList(3, 7)).toString());
        Gen<String> endpoints = Generate.pick(ENDPOINTS);
        Gen<String> jsonTypes = Generate.pick(List.of(JSON_TYPE, JSON_TYPE, JSON_TYPE, "application/json;"
                + " charset=UTF-8", "Application/JSON"));
        Gen<Post> jsonPosts = bad.zip(endpoints, jsonTypes, (body, path, type) -> new Post(path, type, body));
        Gen<Post> otherPosts = Generate.oneOf(bad, Generate.constant(valid)).zip(endpoints, Generate.pick(NOT_JSON),
                (body, path, type) -> new Post(path, type, body));
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger tries = new AtomicInteger();
        qt().withFixedSeed(SEED).withExamples(POST_TRIES).withShrinkCycles(SHRINK_CYCLES)
                .forAll(Generate.frequency(List.of(Pair.of(5, jsonPosts), Pair.of(1, otherPosts))))
                .checkAssert(post -> {
                    tries.incrementAndGet();
                    List<String> before = storedSessions();
                    Answer answer = post(post);
                    try {
                        if (post.body().kind().equals("over the size limit")) {
                            assertProblem(post, answer, 413, BadInputs.BODY); // whatever its type: it is not read
                        } else if (!asJson(post.contentType())) {
                            assertProblem(post, answer, 415, "Content-Type");
                        } else {
                            assertProblem(post, answer, 400, post.body().field());
                        }
                        assertThat(storedSessions()).as("sessions stored after %s", post).isEqualTo(before);
                        assertThat(get("/v1/sessions/" + FUZZ_ID).status()).as("GET %s after %s", FUZZ_ID, post)
                                .isEqualTo(404);
                    } finally {
                        forgetSessionsStoredSince(before); // so that each try, shrinking's too, starts alike
                    }
                    String kind = asJson(post.contentType()) ? post.body().kind() : "content type";
                    kinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                    statuses.computeIfAbsent(answer.status(), k -> new AtomicInteger()).incrementAndGet();
                });
        LEDGER.add(CASES, tries.get()).add(FAULTS, tries.get()).add("sessionsStored", 0)
                .add("unexpectedFailures", 0).add("postKindsOfMistake", kinds.size());
        statuses.forEach((status, n) -> LEDGER.add("post answered " + status, n.get()));
        assertThat(kinds.keySet()).as("the mistakes generated").contains("content type", "cut short", "not an object",
                "garbage", "unknown item", "unknown item (well-formed id)", "nested too deep", "history item",
                "candidates item", "sessionId", "maxRounds", "dataset", "huge history", "over the size limit");
    }

    @Test
    void badOddAndUnknownIdsAndQueryValuesOnTheGetEndpointsAreProblems() {
        String existing = "fuzz-get-existing";
        ObjectNode request = BadInputs.apiRequest(existing, "lastfm", known.subList(0, 3), known.subList(3, 7));
        request.put("maxRounds", 1);
        Answer created = post(new Post("/v1/refinements", JSON_TYPE, new BadRequest("valid", null,
                request.toString())));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        Gen<String> ids = Generate.frequency(List.of(Pair.of(5, BadInputs.sessionIds()),
                Pair.of(1, Generate.pick(List.of(existing, existing + "0", existing.toUpperCase(java.util.Locale.ROOT),
                        existing + ".json", existing + "/", existing + "%2F..")))));
        Gen<Optional<String>> values = Generate.frequency(List.of(
                Pair.of(1, Generate.<Optional<String>>constant(Optional.empty())),
                Pair.of(3, BadInputs.queryValues().map(Optional::of))));
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger tries = new AtomicInteger();
        int storedBefore = storedSessions().size();
        qt().withFixedSeed(SEED + 1).withExamples(GET_TRIES).withShrinkCycles(SHRINK_CYCLES)
                .forAll(ids.zip(Generate.booleans(), values, values, Get::new))
                .checkAssert(get -> {
                    tries.incrementAndGet();
                    String id = asSent(get.id());
                    Answer answer = get(path(get));
                    Set<String> wrong = new TreeSet<>();
                    if (!MemoryStore.SESSION_ID.matcher(id).matches()) {
                        wrong.add("id");
                    }
                    if (get.rounds()) {
                        // A bare name (offset=) is taken as absent: the default applies.
                        get.offset().map(ApiFuzzTest::asSent).filter(v -> !v.isEmpty() && !v.matches("[0-9]{1,6}"))
                                .ifPresent(v -> wrong.add("offset"));
                        get.limit().map(ApiFuzzTest::asSent).filter(v -> !v.isEmpty() && !v.matches("[1-9]|1[0-9]|20"))
                                .ifPresent(v -> wrong.add("limit"));
                    }
                    String outcome;
                    if (routedElsewhere(id)) {
                        // Another path: the router answers it.
                        assertThat(answer.status()).as("%s: %s", get, answer.text()).isIn(404, 405);
                        assertProblem(get, answer, answer.status(), null);
                        outcome = "another path (" + answer.status() + ")";
                    } else if (!wrong.isEmpty()) {
                        assertProblem(get, answer, 400, null);
                        assertThat(new TreeSet<>(answer.fields())).as("the fields named for %s", get).isEqualTo(wrong);
                        outcome = "400 naming " + wrong;
                    } else if (id.equals(existing)) {
                        assertThat(answer.status()).as("%s: %s", get, answer.text()).isEqualTo(200);
                        outcome = "200 (the stored session)";
                    } else {
                        assertProblem(get, answer, 404, null);
                        assertThat(answer.json().path("detail").asText()).as("detail for %s", get).contains(id);
                        outcome = "404 unknown session";
                    }
                    outcomes.computeIfAbsent(outcome.startsWith("400") ? "400" : outcome, k -> new AtomicInteger())
                            .incrementAndGet();
                });
        assertThat(storedSessions()).as("sessions stored by the GETs").hasSize(storedBefore);
        LEDGER.add(CASES, tries.get()).add(FAULTS, tries.get());
        outcomes.forEach((outcome, n) -> LEDGER.add("get answered " + outcome, n.get()));
        assertThat(outcomes.keySet()).as("the outcomes").contains("400", "404 unknown session",
                "200 (the stored session)");
    }

    @Test
    void validRequestsAtTheEdgesSucceedAndAreStoredAsGiven() {
        List<String> alike = known.stream().filter(id -> known.contains(id + "0") || known.contains(id + "1")).limit(2)
                .flatMap(id -> Stream.of(id, known.contains(id + "0") ? id + "0" : id + "1")).toList();
        assertThat(alike).as("ids that look alike (one is the other plus a digit)").hasSize(4);
        // Titles as a client might write the catalog's (other case, extra spaces): accepted, stored as the catalog's.
        ObjectNode unicode = BadInputs.apiRequest("edge-unicode", "lastfm", known.subList(10, 12),
                known.subList(12, 15));
        for (String list : List.of("history", "candidates")) {
            for (JsonNode item : unicode.get(list)) {
                String title = CATALOG.require(item.get("id").asText()).title();
                ((ObjectNode) item).put("title", "  " + title.toUpperCase(java.util.Locale.ROOT).replace(" ", "   "));
            }
        }
        unicode.put("maxRounds", 1);
        ObjectNode hundred = BadInputs.apiRequest("edge-100", "lastfm", known.subList(0, 200), known.subList(200, 300));
        hundred.put("maxRounds", 1);
        ObjectNode alikeIds = BadInputs.apiRequest("edge-alike-" + "9".repeat(117), "LastFM ", alike.subList(0, 2),
                alike.subList(2, 4));
        // An id is a string: written as a JSON number it is refused (BadInputs), not converted.
        alikeIds.put("maxRounds", 20);
        ObjectNode async = BadInputs.apiRequest("edge-async", "lastfm", known.subList(20, 22), known.subList(22, 24));
        async.put("maxRounds", 1);
        int i = 0;
        for (ObjectNode request : List.of(unicode, hundred, alikeIds, async)) {
            String path = i++ < 3 ? "/v1/refinements" : "/v1/sessions";
            Answer answer = post(new Post(path, JSON_TYPE, new BadRequest("valid edge", null, request.toString())));
            String id = request.get("sessionId").asText();
            assertThat(answer.status()).as("%s %s: %s", path, id, answer.text()).isIn(200, 202);
            assertThat(answer.json().path("sessionId").asText()).isEqualTo(id);
            Session session = new FileMemoryStore(Path.of(storeDir)).require(id);
            assertThat(session.request().dataset()).isEqualTo("lastfm");
            assertThat(session.request().maxRounds()).isEqualTo(request.get("maxRounds").asInt());
            assertStoredAsGiven(request.get("history"), session.request().history());
            assertStoredAsGiven(request.get("candidates"), session.request().candidates());
            LEDGER.add("validEdgeRequestsSucceeded", 1);
        }
    }

    /** Ids kept exactly, titles the catalog's whatever the client wrote. */
    private static void assertStoredAsGiven(JsonNode asked, List<dev.afl.catalog.Item> stored) {
        assertThat(stored).hasSize(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            String id = asked.get(i).get("id").asText();
            assertThat(stored.get(i).id()).as("an id kept exactly").isEqualTo(id);
            assertThat(stored.get(i).title()).as("the catalog's title").isEqualTo(CATALOG.require(id).title());
        }
    }

    /** A 4xx problem+json answer naming {@code field} among its errors (when given), without internals. */
    private static void assertProblem(Object request, Answer answer, int status, String field) {
        assertThat(answer.status()).as("status for %s: %s", request, answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type for %s", request).startsWith("application/problem+json");
        assertThat(answer.json()).as("a JSON problem for %s: %s", request, answer.text()).isNotNull();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("title").asText()).as("title for %s", request).isNotBlank();
        assertThat(answer.json().path("detail").asText()).as("detail for %s", request).isNotBlank();
        if (field != null) {
            assertThat(answer.fields()).as("fields named for %s: %s", request, answer.text())
                    .anySatisfy(f -> assertThat(f.equals(field) || f.startsWith(field + "[")
                            || f.startsWith(field + ".")).as(f).isTrue());
        }
        assertThat(answer.text()).as("answer to %s", request).doesNotContain("\tat ", "dev.afl.", "Exception",
                "java.");
    }

    private static boolean asJson(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.equals(JSON_TYPE) || type.startsWith(JSON_TYPE + ";");
    }

    /** The id as the server reads it: what UTF-8 cannot encode (a lone surrogate) goes as '?'. */
    private static String asSent(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /**
     * No id, or a dot segment (dots travel unencoded; the server resolves them), takes the request to another path
     * than the session's. An encoded slash stays in the id.
     */
    private static boolean routedElsewhere(String id) {
        return id.isEmpty() || id.equals(".") || id.equals("..");
    }

    private static String path(Get get) {
        StringBuilder path = new StringBuilder("/v1/sessions/").append(encode(get.id()));
        if (get.rounds()) {
            path.append("/rounds");
            List<String> query = new ArrayList<>();
            get.offset().ifPresent(v -> query.add("offset=" + encode(v)));
            get.limit().ifPresent(v -> query.add("limit=" + encode(v)));
            if (!query.isEmpty()) {
                path.append('?').append(String.join("&", query));
            }
        }
        return path.toString();
    }

    /** Percent-encodes every byte but the unreserved characters (so '/', '?', '%' and '#' travel as data). */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String printable(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "\u2026(" + text.length() + ")" : text;
        StringBuilder out = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> out.append(cp < 32 ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.append('"').toString();
    }

    private Answer post(Post post) {
        byte[] body = post.body().json().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(post.path())).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                // As curl does for a large body: the server refuses one over its limit before it is sent, and closes
                // the connection; a client still sending would see it reset rather than the answer.
                .expectContinue(body.length > BadInputs.API_BODY_LIMIT);
        if (!post.contentType().isEmpty()) {
            request.header("Content-Type", post.contentType());
        }
        return send(request.build());
    }

    private Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private URI uri(String path) {
        return URI.create(root.toString().replaceFirst("/$", "") + path);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the session files written since {@code before} (by a request that should have stored nothing). */
    private void forgetSessionsStoredSince(List<String> before) {
        for (String file : storedSessions()) {
            if (!before.contains(file)) {
                try {
                    Files.deleteIfExists(Path.of(storeDir, file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private List<String> storedSessions() {
        try (Stream<Path> files = Files.list(Path.of(storeDir))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
