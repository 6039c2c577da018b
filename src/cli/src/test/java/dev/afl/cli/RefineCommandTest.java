package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The main job with the embedded defaults (offline agents, bundled models, file store), and its user errors. */
@QuarkusMainTest
class RefineCommandTest {

    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @TempDir
    Path store;

    @Test
    void printsAMultiRoundTranscriptForADatasetRow(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                "--store", store.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("offline agents (no LLM configured", "Round 1", "Round 2",
                "recommends", "reward", "rejects", "Final:", "The user's true next item",
                "the row's list in the paper's candidate lists");
    }

    @Test
    void aRowGetsItsPaperListByDefaultAndASeededDrawWithSeed(QuarkusMainLauncher launcher) throws IOException {
        dev.afl.data.Dataset lastfm = new dev.afl.data.ReferenceSplitImporter(TestData.location())
                .load(dev.afl.data.KnownDataset.LASTFM);
        dev.afl.evaluation.EvaluationCase paper = dev.afl.evaluation.EvaluationProtocol.PAPER
                .paperCases(lastfm, dev.afl.data.Split.TEST).get(17);
        LaunchResult byDefault = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                "--store", store.toString(), "--json");
        assertThat(byDefault.exitCode()).as(byDefault.getErrorOutput()).isZero();
        assertThat(candidateIds(byDefault)).isEqualTo(paper.candidates());
        LaunchResult seeded = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                "--seed", "3", "--store", store.toString(), "--json");
        assertThat(seeded.exitCode()).as(seeded.getErrorOutput()).isZero();
        assertThat(candidateIds(seeded)).isEqualTo(dev.afl.evaluation.EvaluationProtocol.PAPER.caseFor("lastfm",
                lastfm.catalog(), lastfm.rows(dev.afl.data.Split.TEST).get(17), 3).candidates());
    }

    private static java.util.List<String> candidateIds(LaunchResult result) throws IOException {
        java.util.List<String> ids = new java.util.ArrayList<>();
        new ObjectMapper().readTree(result.getOutput()).at("/session/request/candidates")
                .forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void runsOnARawDatasetWhenTheDataPathHasNoReferenceSplits(QuarkusMainLauncher launcher, @TempDir Path raw)
            throws IOException {
        Files.createDirectories(raw.resolve("ml-100k"));
        for (String file : new String[] {"u.data", "u.item"}) {
            Files.copy(TestData.dataDir().resolve("ml-100k").resolve(file), raw.resolve("ml-100k").resolve(file));
        }
        LaunchResult result = launcher.launch("refine", "--data-dir", raw.toString(), "--dataset", "movielens",
                "--row", "7", "--store", store.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("raw MovieLens-100K, split leave-last-out; candidates drawn with seed 0",
                "Round 1", "Final:");
        // The paper's lists are the reference splits' only.
        LaunchResult paper = launcher.launch("refine", "--data-dir", raw.toString(), "--dataset", "movielens",
                "--row", "7", "--candidates", "paper", "--store", store.toString());
        assertThat(paper.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(paper.getErrorOutput()).contains("exist for the reference splits only", "--candidates seeds");
    }

    @Test
    void printsJsonAndStoresTheSession(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "movielens", "--row", "3",
                "--store", store.toString(), "--session-id", "json-1", "--json");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.getOutput());
        assertThat(json.get("agents").asText()).isEqualTo("offline");
        assertThat(json.at("/session/status").asText()).isIn("ACCEPTED", "MAX_ROUNDS");
        assertThat(json.at("/session/rounds").size()).isBetween(1, 4);
        assertThat(json.at("/session/request/candidates").size()).isEqualTo(20);
        assertThat(store.resolve("json-1.json")).exists();
    }

    @Test
    void acceptsAJsonRequestWithTitlesAndIds(QuarkusMainLauncher launcher) throws IOException {
        Path request = store.resolve("request.json");
        Files.writeString(request, """
                {"dataset": "movielens", "maxRounds": 2,
                 "history": ["Toy Story (1995)", "GoldenEye (1995)", "3"],
                 "candidates": ["Star Wars (1977)", "Fargo (1996)", "Scream (1996)", "Titanic (1997)"]}
                """);
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("Four Rooms (1995)", "Final:");
    }

    /** The JSON body of README's curl example of POST /v1/refinements. */
    private static String readmeApiRequest() throws IOException {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.isRegularFile(folder.resolve("src/cli/pom.xml"))) {
            folder = folder.getParent();
        }
        assertThat(folder).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        String readme = Files.readString(folder.resolve("README.md"));
        int curl = readme.indexOf("curl -s localhost:8080/v1/refinements");
        assertThat(curl).as("README's curl example of POST /v1/refinements").isPositive();
        int start = readme.indexOf("-d '", curl) + 4;
        return readme.substring(start, readme.indexOf("'", start));
    }

    @Test
    void readsTheApisRequestShapeAsReadmeShowsIt(QuarkusMainLauncher launcher) throws IOException {
        Path request = store.resolve("readme.json");
        Files.writeString(request, readmeApiRequest());
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.toString(), "--json");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode asked = new ObjectMapper().readTree(Files.readString(request));
        JsonNode session = new ObjectMapper().readTree(result.getOutput()).get("session");
        assertThat(session.at("/request/dataset").asText()).isEqualTo(asked.get("dataset").asText());
        assertThat(session.get("id").asText()).isEqualTo(asked.get("sessionId").asText());
        assertThat(session.at("/request/candidates")).isEqualTo(asked.get("candidates"));
        assertThat(session.at("/request/history")).isEqualTo(asked.get("history"));
        // A --dataset that contradicts the request's is an error, not a silent choice.
        LaunchResult contradicted = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.resolve("other").toString(), "--dataset", "lastfm");
        assertThat(contradicted.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(contradicted.getErrorOutput()).contains("--dataset lastfm contradicts the request's dataset"
                + " 'movielens'").doesNotContain("at dev.afl");
    }

    @Test
    void aBudgetEndsTheSessionWithItsReasonFromTheOptionsOrTheRequest(QuarkusMainLauncher launcher) throws IOException {
        // Row 17 is rejected in round 1 with the offline agents: a 1 ms wall-time budget stops it there.
        LaunchResult timed = launcher.launch("refine", "--data-dir", dataDir, "--dataset", "lastfm", "--row", "17",
                "--store", store.toString(), "--max-time", "1ms"); // the short form; the request below uses ISO-8601
        assertThat(timed.exitCode()).as(timed.getErrorOutput()).isZero();
        assertThat(timed.getOutput()).contains("(time budget after 1 round)");
        Path request = store.resolve("budget.json");
        Files.writeString(request, """
                {"dataset": "lastfm", "maxRounds": 4, "budget": {"maxWallTime": "PT0.001S"},
                 "history": ["52", "63", "Radiohead"], "candidates": ["Muse", "Coldplay", "Beyoncé", "The Beatles"]}
                """);
        LaunchResult fromRequest = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.toString(), "--json");
        assertThat(fromRequest.exitCode()).as(fromRequest.getErrorOutput()).isZero();
        assertThat(fromRequest.getOutput()).containsAnyOf("\"TIME_BUDGET\"", "\"ACCEPTED\"").contains("\"budget\"");
        Files.writeString(request, """
                {"dataset": "lastfm", "budget": {"maxTokens": -5},
                 "history": ["52"], "candidates": ["Muse", "Coldplay"]}
                """);
        LaunchResult bad = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.toString());
        assertThat(bad.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(bad.getErrorOutput()).contains("budget.maxTokens must be at least 1");
        Files.writeString(request, """
                {"dataset": "lastfm", "budget": {"maxTokenz": 5}, "history": ["52"], "candidates": ["Muse", "Coldplay"]}
                """);
        LaunchResult unknown = launcher.launch("refine", "--data-dir", dataDir, "--request", request.toString(),
                "--store", store.toString());
        assertThat(unknown.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(unknown.getErrorOutput()).contains("budget.maxTokenz: unknown field 'maxTokenz'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown dataset|--dataset=netflix --row=1|Unknown dataset 'netflix'",
        "row out of range|--dataset=lastfm --row=5000|Row 5000 is not in the lastfm test split",
        "no row nor request|--dataset=lastfm|Give either --row N",
        "bad split|--dataset=lastfm --row=1 --split=train|--split must be valid or test",
        "missing request file|--request=/no/such/request.json|No request file",
        "seed with the paper's lists|--dataset=lastfm --row=1 --candidates=paper --seed=2|--seed applies to --candidates seeds",
        "unknown lists|--dataset=lastfm --row=1 --candidates=random|Unknown candidate lists 'random'",
        "unknown prompt set|--dataset=lastfm --row=1 --prompt-set=tables|Unknown prompt set 'tables': choose paper, reference-code, extended",
        "max-time not a duration|--dataset=lastfm --row=1 --max-time=soon|soon' is not a duration: write a whole number with a unit, ms, s, m, h or d (500ms, 30s, 5m, 2h), or ISO-8601 (PT30S, PT2M). 'afl refine --help' lists the options.",
        "an unknown option|--dataset=lastfm --row=1 --max-rouds=2|Unknown option: '--max-rouds=2'."})
    void badArgumentsAreUserErrors(String name, String arguments, String message, QuarkusMainLauncher launcher) {
        String[] args = ("refine --data-dir=" + dataDir + " --store=" + store + " " + arguments).split(" ");
        LaunchResult result = launcher.launch(args);
        assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(result.getErrorOutput()).contains(message).doesNotContain("at dev.afl");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("ids not in the catalog",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"no-such-artist\"]}",
                        "'no-such-artist' in candidates is neither an item id nor an exact title of the lastfm catalog:"
                                + " requests use HetRec Last.fm artist ids"),
                Arguments.of("an unknown field in an item",
                        "{\"dataset\":\"lastfm\",\"history\":[{\"id\":\"52\",\"name\":\"x\"}],"
                                + "\"candidates\":[\"63\",\"73\"]}", "history[0].name: unknown field 'name'"),
                Arguments.of("a title the catalog disagrees with",
                        "{\"dataset\":\"movielens\",\"history\":[\"1\"],"
                                + "\"candidates\":[{\"id\":\"50\",\"title\":\"Fargo (1996)\"},\"100\"]}",
                        "item '50' in candidates is 'Star Wars (1977)' in the movielens catalog, not 'Fargo (1996)'"),
                Arguments.of("an unknown id in an item",
                        "{\"dataset\":\"lastfm\",\"history\":[{\"id\":\"999999\"}],"
                                + "\"candidates\":[\"63\",\"73\"]}",
                        "HetRec Last.fm artist ids (artists.dat), not the 0-based ids of the reference splits'"
                                + " items.jsonl; find ids with 'afl items --dataset lastfm --search TEXT'"),
                Arguments.of("fewer than 2 candidates",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\"]}", "at least 2 candidates"),
                Arguments.of("duplicate candidates",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"63\"]}", "listed twice"),
                Arguments.of("empty history",
                        "{\"dataset\":\"lastfm\",\"history\":[],\"candidates\":[\"63\",\"73\"]}", "history is empty"),
                Arguments.of("history not an array",
                        "{\"dataset\":\"lastfm\",\"history\":\"52\",\"candidates\":[\"63\",\"73\"]}",
                        "history: expected a JSON array"),
                Arguments.of("no history",
                        "{\"dataset\":\"lastfm\",\"candidates\":[\"63\",\"73\"]}", "'history' as an array"),
                // Each of these would run if the last key won or the value were converted.
                Arguments.of("a key given twice",
                        "{\"dataset\":\"lastfm\",\"dataset\":\"lastfm\",\"history\":[\"52\"],"
                                + "\"candidates\":[\"63\",\"73\"]}",
                        "dataset: the key is given more than once"),
                Arguments.of("maxRounds as text",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"],"
                                + "\"maxRounds\":\"2\"}",
                        "maxRounds: expected a whole number"),
                Arguments.of("dataset not a string",
                        "{\"dataset\":true,\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"]}",
                        "dataset: expected a string"),
                Arguments.of("an unknown field",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"],"
                                + "\"maxRound\":2}",
                        "unknown field 'maxRound'"),
                Arguments.of("a budget of another kind",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"],"
                                + "\"budget\":{\"maxTokens\":\"100\"}}", "budget.maxTokens: expected a whole number"),
                Arguments.of("not JSON", "{\"dataset\": ", "not valid JSON"),
                Arguments.of("too many rounds",
                        "{\"dataset\":\"lastfm\",\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"],\"maxRounds\":99}",
                        "maxRounds must be at most 20"),
                Arguments.of("unknown dataset in the request",
                        "{\"dataset\":\"netflix\",\"history\":[\"52\"],\"candidates\":[\"63\",\"73\"]}",
                        "Unknown dataset 'netflix'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsAreUserErrorsAndStoreNothing(String name, String request, String message,
            QuarkusMainLauncher launcher) throws IOException {
        Path file = store.resolve("bad.json");
        Files.writeString(file, request);
        LaunchResult result = launcher.launch("refine", "--data-dir", dataDir, "--request", file.toString(),
                "--store", store.toString());
        assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(result.getErrorOutput()).contains(message).doesNotContain("at dev.afl");
        try (var files = Files.list(store)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.json");
        }
    }
}
