package dev.afl.cli;

import static dev.afl.agent.llm.ScriptedChatServer.rawBody;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.ScriptedChatServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line run as users run it, a process of its own with stdout and stderr apart (in-process
 * launches capture the log with the output, so they cannot tell where a log line went): stdout carries the result
 * alone and every log line goes to stderr, against an LLM that answers HTTP 500 and garbage; and each failure a user
 * can cause exits with its documented code (README, "Exit codes") and one line on stderr, what happened and what to
 * do, with no stack trace.
 *
 * <p>It needs target/afl-runner.jar, so it runs in the integration-test phase (src/cli/pom.xml's execution
 * packaged-cli, part of {@code mvn verify}), which sets {@code afl-runner-jar}; picked by {@code -Dtest} in the test
 * phase, before the package exists, it is left to that execution.
 */
@EnabledIfSystemProperty(named = "afl-runner-jar", matches = ".+", disabledReason = "runs after package, in the"
        + " integration-test phase (execution packaged-cli)")
class CliProcessIT {

    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(3);
    private static final Pattern LOG_LINE = Pattern.compile(
            "(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) ");
    private static final ObjectMapper ONE_DOCUMENT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path work;

    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void refineJsonIsOneJsonDocumentWhileTheLlmMisbehaves() throws Exception {
        try (ScriptedChatServer llm = new ScriptedChatServer()) {
            // A 500, a body that is no JSON, a completion cut short: the recommendation agent's three tries.
            llm.script(status(500), rawBody("{\"choices\": [ garbage"), rawBody("{\"id\": \"x\", \"choices\": [{"));
            Run run = afl(llmAt(llm.baseUrl()), "refine", "--data-dir", dataDir(), "--dataset", "lastfm", "--row",
                    "17", "--max-rounds", "1", "--store", work.resolve("store").toString(), "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode session = ONE_DOCUMENT.readTree(run.out());
            assertThat(session.at("/session/rounds/0/recommender/fallback").asBoolean()).as(run.out()).isTrue();
            assertThat(run.out()).doesNotContain("WARN", "LlmExchange", "taking the fallback");
            assertThat(run.err()).containsPattern(LOG_LINE).contains("WARN", "[dev.afl.agent.llm.LlmExchange]",
                    "LLM call failed after 3 tries", "taking the fallback");
            assertThat(llm.requests()).hasSize(3);
        }
    }

    @Test
    void experimentPrintsItsTablesAloneOnStdout() throws Exception {
        try (ScriptedChatServer llm = new ScriptedChatServer()) {
            llm.script(); // every request answered HTTP 500: the agents' fallbacks, and their warnings
            Run run = afl(llmAt(llm.baseUrl()), "experiment", "recommendation", "--data-dir", dataDir(), "--rows", "1",
                    "--rec-models", "sasrec", "--max-rounds", "1", "--output", work.resolve("report").toString(),
                    "--work-dir", work.resolve("cases").toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("configuration", "HitRatio@1", "lastfm/sasrec/afl/random",
                    "Report written to").doesNotContainPattern(LOG_LINE).doesNotContain("WARN");
            assertThat(run.err()).containsPattern(LOG_LINE).contains("WARN", "taking the fallback");
        }
    }

    @Test
    void serveLogsToStderrAndPrintsOnlyWhereItListens() throws Exception {
        int port = freePort();
        Process serve = start(Map.of(), "serve", "--port", Integer.toString(port), "--store",
                work.resolve("store").toString());
        Path out = outputOf(runs.get());
        Path err = errorsOf(runs.get());
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest unknown = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions/none"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + PROCESS_LIMIT.toNanos();
            Integer answered = null;
            while (answered == null && System.nanoTime() < deadline && serve.isAlive()) {
                try {
                    answered = client.send(unknown, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertThat(answered).as("serve answered on port %d; stderr: %s", port, read(err)).isEqualTo(404);
        } finally {
            List<ProcessHandle> api = serve.descendants().toList();
            serve.destroy(); // SIGTERM, as Ctrl+C: the CLI stops its API child
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
            api.forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(read(out).strip()).isEqualTo("AFL refinement API on http://127.0.0.1:" + port
                + "/v1 (OpenAPI: /q/openapi); Ctrl+C stops it.");
        assertThat(read(err)).containsPattern(LOG_LINE).contains("INFO", "started in");
    }

    @Test
    void aBadOptionExits2() throws Exception {
        Run run = afl(Map.of(), "refine", "--data-dir", dataDir(), "--row", "17", "--max-rouds", "2");
        assertOneLineError(run, 2, "Unknown options: '--max-rouds', '2'.",
                "Did you mean --max-rounds");
    }

    @Test
    void aBadConfigurationValueExits2BeforeTheCommandRuns() throws Exception {
        Run mode = afl(Map.of("AFL_AGENTS", "bogus"), "items", "--dataset", "lastfm", "--limit", "1");
        assertOneLineError(mode, 2, "error: afl.agents.mode (AFL_AGENTS) must be auto, offline or llm, got 'bogus'.",
                "Fix the value or unset the variable to take the default");
        // One variable feeding two Quarkus settings (each agent's timeout) is told once, by its own name.
        Run timeout = afl(Map.of("AFL_LLM_TIMEOUT", "soon"), "items", "--dataset", "lastfm", "--limit", "1");
        assertOneLineError(timeout, 2, "error: AFL_LLM_TIMEOUT=\"soon\" (quarkus.langchain4j.openai.recommender"
                + ".timeout) was refused: Invalid duration: soon.");
        assertThat(timeout.err()).doesNotContain("more", "user.timeout");
        assertThat(mode.out() + timeout.out()).isEmpty();
    }

    @Test
    void missingDataOrAMissingModelExits3() throws Exception {
        Run noData = afl(Map.of(), "refine", "--data-dir", work.resolve("no-data").toString(), "--row", "17",
                "--store", work.resolve("store").toString());
        assertOneLineError(noData, 3, "is not a folder", "Point it at the folder that holds reference-splits/");
        Path emptyModels = Files.createDirectories(work.resolve("models"));
        Run noModel = afl(Map.of("AFL_MODELS_DIR", emptyModels.toString()), "refine", "--data-dir", dataDir(),
                "--row", "17", "--store", work.resolve("store").toString());
        assertOneLineError(noModel, 3, "holds no model of lastfm", "set AFL_MODELS_DIR to the models folder");
    }

    @Test
    void anLlmThatIsDownExits4WhenFailingIsAsked() throws Exception {
        Map<String, String> environment = new HashMap<>(llmAt("http://127.0.0.1:" + freePort() + "/v1/"));
        environment.put("AFL_LLM_ON_UNAVAILABLE", "fail");
        Run run = afl(environment, "refine", "--data-dir", dataDir(), "--row", "17", "--max-rounds", "1", "--store",
                work.resolve("store").toString());
        assertOneLineError(run, 4, "LLM scripted unavailable: LLM call failed after 3 tries: connect error",
                "Check that the LLM at AFL_LLM_BASE_URL is up", "AFL_LLM_ON_UNAVAILABLE=fallback");
    }

    @Test
    void anLlmThatRefusesTheKeyExits4() throws Exception {
        try (ScriptedChatServer llm = new ScriptedChatServer()) {
            llm.script(status(401));
            Run run = afl(llmAt(llm.baseUrl()), "refine", "--data-dir", dataDir(), "--row", "17", "--max-rounds", "1",
                    "--store", work.resolve("store").toString());
            assertOneLineError(run, 4, "The LLM refused the credentials: scripted answered HTTP 401",
                    "Check the key (AFL_LLM_API_KEY");
            assertThat(llm.requests()).as("not retried").hasSize(1);
        }
    }

    @Test
    void aStoreThatCannotBeWrittenExits5() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "not a folder");
        Run inPlaceOfTheFolder = afl(Map.of(), "refine", "--data-dir", dataDir(), "--row", "17", "--store",
                file.toString());
        assertOneLineError(inPlaceOfTheFolder, 5, "Cannot create the session folder", "is not writable",
                "Give --store (or AFL_STATE_DIR) a folder you can write to.");
        // A folder that exists, where the session's file cannot be written (a folder holds its name).
        Path store = Files.createDirectories(work.resolve("store"));
        Files.createDirectories(store.resolve("s1.json").resolve("occupied"));
        Run unwritable = afl(Map.of(), "refine", "--data-dir", dataDir(), "--row", "17", "--store", store.toString(),
                "--session-id", "s1");
        assertOneLineError(unwritable, 5, "Cannot write the session file s1.json", "is not writable",
                "Give --store (or AFL_STATE_DIR) a folder you can write to.");
    }

    @Test
    void aCassetteMissExits6AtOnceWithTheWholeMessage() throws Exception {
        Path cassettes = Files.createDirectories(work.resolve("cassettes"));
        Files.writeString(cassettes.resolve("recommender.jsonl"), "");
        Files.writeString(cassettes.resolve("user.jsonl"), "");
        try (ScriptedChatServer llm = new ScriptedChatServer()) {
            Map<String, String> environment = new HashMap<>(llmAt(llm.baseUrl()));
            environment.put("AFL_LLM_CASSETTE", "replay");
            environment.put("AFL_LLM_CASSETTE_DIR", cassettes.toString());
            Run miss = afl(environment, "refine", "--data-dir", dataDir(), "--row", "17", "--max-rounds", "1",
                    "--store", work.resolve("store").toString());
            assertOneLineError(miss, 6, "The cassette " + cassettes.resolve("recommender.jsonl") + " has no reply of"
                    + " the recommender agent's LLM for this request", "AFL_LLM_CASSETTE=record with"
                    + " AFL_LLM_CASSETTE_DIR=" + cassettes, "replay with the prompt set, models and LLM settings it"
                    + " was recorded with.");
            assertThat(miss.err()).doesNotContain("tries", "\u2026");
            environment.put("AFL_LLM_CASSETTE_DIR", Files.createDirectories(work.resolve("none")).toString());
            Run none = afl(environment, "refine", "--data-dir", dataDir(), "--row", "17", "--max-rounds", "1",
                    "--store", work.resolve("store").toString());
            assertOneLineError(none, 6, "No cassette of the recommender agent at", "record the run first"
                    + " (AFL_LLM_CASSETTE=record");
            assertThat(llm.requests()).as("a replay never asks the LLM").isEmpty();
        }
    }

    @Test
    void refineHelpKeepsPathsWholeWithinItsWidth() throws Exception {
        Run run = afl(Map.of(), "refine", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("~/.local/share/afl/sessions");
        assertThat(run.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    /**
     * A user's failure: its code, one line on stderr ("error: ", what happened, what to do), no stack trace and no
     * exception class; stdout holds what the command printed before it failed (refine's header), never the error or a
     * log line.
     */
    private static void assertOneLineError(Run run, int code, String... saying) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("error: ").contains(saying).doesNotContain("\tat ", "Exception:",
                "Exception ");
        assertThat(run.err().strip()).as("ends with its advice").satisfiesAnyOf(
                line -> assertThat(line).endsWith("."), line -> assertThat(line).endsWith("?"));
        assertThat(run.out()).doesNotContainPattern(LOG_LINE).doesNotContain("error:", "\tat ");
    }

    private static Map<String, String> llmAt(String baseUrl) {
        return Map.of("AFL_LLM_MODEL", "scripted", "AFL_LLM_BASE_URL", baseUrl, "AFL_LLM_API_KEY", "test-key",
                "AFL_LLM_BACKOFF", "1ms");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run afl(Map<String, String> environment, String... arguments) throws Exception {
        Process process = start(environment, arguments);
        int run = runs.get();
        process.getOutputStream().close();
        if (!process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("afl " + String.join(" ", arguments) + " did not end within " + PROCESS_LIMIT
                    + "; stderr: " + read(errorsOf(run)));
        }
        return new Run(process.exitValue(), read(outputOf(run)), read(errorsOf(run)));
    }

    /** The packaged CLI as ./afl starts it, with this environment and no AFL setting of the caller's but the data's. */
    private Process start(Map<String, String> environment, String... arguments) throws IOException {
        Path jar = Path.of(System.getProperty("afl-runner-jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("No packaged CLI at " + jar + ": this test runs in the integration-test phase,"
                    + " after package (mvn verify).");
        }
        Path home = Path.of(System.getProperty("afl-home")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dafl-home=" + home, "-Dafl-models=" + home.resolve("models"), "-Dafl-api-jar="
                + Path.of(System.getProperty("afl-api-jar")).toAbsolutePath(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        int run = runs.incrementAndGet();
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(outputOf(run).toFile()).redirectError(errorsOf(run).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AFL_"));
        builder.environment().put("AFL_DATA_DIR", dataDir());
        builder.environment().put("AFL_CACHE_DIR", TestData.cacheDir().toAbsolutePath().toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private Path outputOf(int run) {
        return work.resolve("run-" + run + ".out");
    }

    private Path errorsOf(int run) {
        return work.resolve("run-" + run + ".err");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    private static String dataDir() {
        return TestData.dataDir().toAbsolutePath().toString();
    }

    /** A port nothing listens on (taken and given back at once). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
