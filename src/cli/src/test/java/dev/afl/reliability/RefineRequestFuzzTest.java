package dev.afl.reliability;

import static dev.afl.reliability.FaultLedger.CASES;
import static dev.afl.reliability.FaultLedger.FAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.catalog.Item;
import dev.afl.cli.CommandLineSetup;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.Session;
import dev.afl.model.onnx.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The main job fed generated bad requests ({@code refine --request FILE}), run in-process through the application's
 * own command line (the CDI-built picocli commands and their error handler, as {@code ./afl} runs them): every one
 * must be a user error (exit 2, a message, no stack trace) and store nothing. Valid requests at the edges (unicode
 * titles, 100 candidates, ids that look alike) must succeed.
 */
@QuarkusTest
class RefineRequestFuzzTest {

    static final int TRIES = 80;
    static final long SEED = 20_250_704L;
    /** Each shrink step runs the command again: a few keep a failure's report short and quick. */
    static final int SHRINK_CYCLES = 10;

    static Dataset lastfm;
    static Set<String> vocabulary;
    static EvaluationCase base;
    /** The bad requests are MovieLens ones: its data loads fastest (no training split), so more tries fit. */
    static Dataset movielens;
    static Set<String> movielensVocabulary;
    static EvaluationCase movielensBase;
    static final FaultLedger LEDGER = new FaultLedger("fuzz-refine-request", "generated bad JSON requests for"
            + " refine --request (QuickTheories, fixed seed " + SEED + "): a field with a wrong value or missing, the"
            + " text cut short, not an object, garbage, unknown ids, nesting 1,000-20,000 deep");

    @Inject
    Instance<CommandLine> commandLines;

    @TempDir
    static Path work;

    @BeforeAll
    static void load() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        try (ModelRegistry models = new ModelRegistry()) {
            vocabulary = new HashSet<>(models.card("lastfm", "gru4rec").itemIds());
            vocabulary.retainAll(models.card("lastfm", "sasrec").itemIds());
        }
        base = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(3);
        movielens = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.MOVIELENS);
        try (ModelRegistry models = new ModelRegistry()) {
            movielensVocabulary = new HashSet<>(models.card("movielens", "gru4rec").itemIds());
            movielensVocabulary.retainAll(models.card("movielens", "sasrec").itemIds());
        }
        movielensBase = EvaluationProtocol.PAPER.cases(movielens, Split.TEST, 0).get(3);
    }

    @AfterAll
    static void write() {
        LEDGER.write();
    }

    @Test
    void everyGeneratedBadRequestIsAUserErrorAndStoresNothing() {
        List<String> plenty = movielens.catalog().items().stream().map(Item::id).filter(movielensVocabulary::contains)
                .limit(250).toList();
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        AtomicInteger tries = new AtomicInteger();
        qt().withFixedSeed(SEED).withExamples(TRIES).withShrinkCycles(SHRINK_CYCLES)
                .forAll(BadInputs.requests("movielens", movielensBase.history(), movielensBase.candidates().subList(0, 4),
                        plenty))
                .checkAssert(bad -> {
                    Path store = folder("bad-" + tries.incrementAndGet());
                    Result result = refine(bad.json(), store);
                    assertThat(result.exitCode()).as("exit code of %s; stderr: %s", bad, result.err())
                            .isEqualTo(CommandLineSetup.USER_ERROR);
                    assertThat(result.err()).as("message for %s", bad).startsWith("error: ")
                            .doesNotContain("\tat ", "Exception:");
                    assertThat(result.err().strip().length()).as("message for %s", bad).isGreaterThan(20);
                    assertThat(list(store)).as("stored for %s", bad).isEmpty();
                    kinds.computeIfAbsent(bad.kind(), k -> new AtomicInteger()).incrementAndGet();
                });
        LEDGER.add(CASES, tries.get()).add(FAULTS, tries.get()).add("rejectedAsUserErrors", tries.get())
                .add("kindsOfMistake", kinds.size()).add("unexpectedFailures", 0).add("sessionsStored", 0);
        assertThat(kinds.keySet()).as("the mistakes generated").contains("cut short", "unknown item", "budget",
                "candidates", "history");
    }

    @Test
    void validRequestsAtTheEdgesSucceed() throws IOException {
        List<Item> accented = lastfm.catalog().items().stream().filter(item -> vocabulary.contains(item.id()))
                .filter(item -> !item.title().chars().allMatch(ch -> ch < 128)).filter(item -> unique(item.title()))
                .limit(5).toList();
        assertThat(accented).as("LastFM titles with non-ASCII letters").hasSize(5);
        List<String> alike = lastfm.catalog().items().stream().map(Item::id).filter(vocabulary::contains)
                .filter(id -> vocabulary.contains(id + "0") || vocabulary.contains(id + "1")).limit(3)
                .flatMap(id -> Stream.of(id, vocabulary.contains(id + "0") ? id + "0" : id + "1")).toList();
        assertThat(alike).as("ids that look alike (one is the other plus a digit)").hasSize(6);
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> requests = List.of(
                Map.of("dataset", "lastfm", "maxRounds", 1, "history", List.of(accented.get(0).title(),
                        accented.get(1).title().toUpperCase(java.util.Locale.ROOT)), "candidates",
                        accented.subList(2, 5).stream().map(Item::title).toList()),
                Map.of("dataset", "lastfm", "maxRounds", 1, "history", base.history(), "candidates",
                        lastfm.catalog().items().stream().map(Item::id).filter(vocabulary::contains)
                                .filter(id -> !base.history().contains(id)).limit(100).toList()),
                Map.of("dataset", "LastFM ", "maxRounds", 2, "history", List.of(Integer.parseInt(alike.get(0)),
                        alike.get(1)), "candidates", alike.subList(2, 6)));
        int i = 0;
        for (Map<String, Object> request : requests) {
            Path store = folder("edge-" + i++);
            Result result = refine(json.writeValueAsString(request), store);
            assertThat(result.exitCode()).as("%s: %s", request, result.err()).isZero();
            List<Path> stored = list(store);
            assertThat(stored).as("one session stored").hasSize(1);
            Session session = new FileMemoryStore(store).require(stored.getFirst().getFileName().toString()
                    .replace(".json", ""));
            SessionInvariants.check(session);
            assertThat(session.status().terminal()).isTrue();
            JsonNode asked = json.valueToTree(request);
            assertThat(session.request().candidates()).hasSize(asked.get("candidates").size());
            LEDGER.add("validEdgeRequestsSucceeded", 1);
        }
    }

    private static boolean unique(String title) {
        return lastfm.catalog().items().stream().filter(item -> item.title().equalsIgnoreCase(title)).count() == 1;
    }

    /** {@code refine --request} in-process: the application's command line, its error handler included. */
    private Result refine(String requestJson, Path store) {
        try {
            Path file = Files.createTempFile(work, "request", ".json");
            // Bytes, not writeString: a generated request may hold lone surrogates (written as '?').
            Files.write(file, requestJson.getBytes(StandardCharsets.UTF_8));
            StringWriter err = new StringWriter();
            CommandLine commandLine = commandLines.get();
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.setOut(new PrintWriter(new StringWriter(), true));
            int exit = commandLine.execute("refine", "--data-dir", TestData.dataDir().toString(), "--request",
                    file.toString(), "--store", store.toString());
            return new Result(exit, err.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String err) {
    }

    private static Path folder(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
