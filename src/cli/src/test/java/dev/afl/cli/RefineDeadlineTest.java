package dev.afl.cli;

import static dev.afl.agent.llm.ScriptedChatServer.echoAuthorization;
import static dev.afl.agent.llm.ScriptedChatServer.stall;
import static dev.afl.agent.llm.ScriptedChatServer.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.LogCapture;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, from the command line: an LLM that stalls after the first bytes of its reply, or trickles it a byte
 * every half second, held {@code refine} until it was killed (300 s with {@code AFL_LLM_TIMEOUT=3s}, and through a
 * {@code --max-time PT10S} budget); a gateway that echoes the Authorization header in its 401 or 500 answers put
 * the key into the output, the stored session and the other agent's prompt, and a 401 ended with exit 0. The
 * defaults apply (two call retries, two re-asks, a 30 s cool-down, one model for both agents) except the deadline of
 * 3 s. Each run prints what it measured.
 */
@QuarkusMainTest
class RefineDeadlineTest {

    static final String KEY = "AFLcliKey9d8e7f6a5b4c3d2e1";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStalledReplyEndsTheRefinementWithinHalfAMinute(QuarkusMainLauncher launcher, @TempDir Path store)
            throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(Collections.nCopies(40, stall()).toArray(ScriptedChatServer.Step[]::new));
            Run run = refine(launcher, server, store, "--json");
            assertThat(run.result.exitCode()).as(run.result.getErrorOutput()).isZero();
            JsonNode session = jsonOutput(run).path("session");
            Duration played = played(session);
            System.out.printf("measured: refine, reply stalled after 20 bytes, AFL_LLM_TIMEOUT=3s: session %d ms,"
                    + " command %d ms, %d requests, status %s%n", played.toMillis(), run.took.toMillis(),
                    server.requests().size(), session.path("status").asText());
            assertThat(played).as("the session").isLessThan(Duration.ofSeconds(30));
            assertThat(session.path("status").asText()).isIn("ACCEPTED", "MAX_ROUNDS");
            JsonNode first = session.path("rounds").get(0);
            assertThat(first.path("recommender").path("fallbackReason").asText())
                    .contains("LLM call failed after 3 tries: no complete answer within 3000 ms");
            // One model for both agents, as AFL_LLM_MODEL sets it: the user agent finds the LLM resting.
            assertThat(first.path("user").path("fallbackReason").asText())
                    .contains("not asked: a call failed for good");
            for (int i = 1; i < session.path("rounds").size(); i++) {
                assertThat(session.path("rounds").get(i).path("recommender").path("fallbackReason").asText())
                        .as("round %d: the LLM rests", i + 1).contains("not asked: a call failed for good");
            }
            assertThat(server.requests()).as("3 tries, then the LLM rests").hasSize(3);
        }
    }

    @Test
    void aTrickledReplyEndsTheRefinementWithItsTimeBudget(QuarkusMainLauncher launcher, @TempDir Path store)
            throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(Collections.nCopies(40, trickle()).toArray(ScriptedChatServer.Step[]::new));
            Run run = refine(launcher, server, store, "--json", "--max-time", "PT10S");
            assertThat(run.result.exitCode()).as(run.result.getErrorOutput()).isZero();
            JsonNode session = jsonOutput(run).path("session");
            Duration played = played(session);
            System.out.printf("measured: refine --max-time PT10S, reply trickled a byte every 0.5 s,"
                    + " AFL_LLM_TIMEOUT=3s: session %d ms, command %d ms, %d requests, status %s%n",
                    played.toMillis(), run.took.toMillis(), server.requests().size(), session.path("status").asText());
            assertThat(session.path("status").asText()).isEqualTo("TIME_BUDGET");
            assertThat(played).as("the budget plus one call's deadline").isLessThan(Duration.ofSeconds(13));
            assertThat(session.path("rounds")).hasSize(1);
            JsonNode round = session.path("rounds").get(0);
            assertThat(round.path("recommender").path("fallbackReason").asText())
                    .contains("the session's time budget (PT10S) ran out after 3 tries");
            assertThat(round.path("user").path("fallbackReason").asText())
                    .contains("the session's time budget (PT10S) ran out before the LLM was asked");
        }
    }

    @Test
    void aRefusedKeyFailsTheSessionWithExit4AndTheKeyShowsNowhere(QuarkusMainLauncher launcher,
            @TempDir Path store) throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer(); LogCapture logs = LogCapture.start()) {
            server.script(echoAuthorization(401));
            Run run = refine(launcher, server, store);
            assertThat(run.result.exitCode()).as(run.result.getOutput()).isEqualTo(ExitCodes.LLM_UNAVAILABLE);
            assertThat(run.result.getErrorOutput()).contains("error: The LLM refused the credentials:"
                    + " scripted answered HTTP 401 (invalid_api_key)", "AFL_LLM_API_KEY");
            assertThat(server.requests()).as("not retried, no fallback asked for").hasSize(1);
            JsonNode stored = onlySession(store);
            assertThat(stored.path("status").asText()).isEqualTo("FAILED");
            assertThat(stored.path("failure").asText()).contains("LlmCredentialsRefusedException",
                    "The LLM refused the credentials");
            assertKeyNowhere(run, store, logs, server);
        }
    }

    @Test
    void anEchoing500IsStoredAndShownWithoutTheKey(QuarkusMainLauncher launcher, @TempDir Path store)
            throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer(); LogCapture logs = LogCapture.start()) {
            List<ScriptedChatServer.Step> steps = new ArrayList<>(Collections.nCopies(3, echoAuthorization(500)));
            server.script(steps.toArray(ScriptedChatServer.Step[]::new));
            // After the recommender's three 500s, the user agent is answered by a stand-in that reads its prompt
            // (the LLM does not rest here, so the user agent is asked).
            server.respondWith(conversation -> "Reason: not for me.\nDecision: no");
            Run run = refine(launcher, server, store, Map.of("afl.llm.unavailable-cooldown", "0s"), "--max-rounds",
                    "2");
            assertThat(run.result.exitCode()).as(run.result.getErrorOutput()).isZero();
            assertThat(run.result.getOutput()).contains("[fallback]", "HTTP 500 (invalid_api_key): Incorrect API key"
                    + " provided: [redacted]");
            JsonNode stored = onlySession(store);
            assertThat(stored.path("rounds").get(0).path("recommender").path("fallbackReason").asText())
                    .contains("HTTP 500 (invalid_api_key)");
            assertKeyNowhere(run, store, logs, server);
            // The user agent was asked (its prompt holds the recommender's reason) and saw no key.
            assertThat(server.requests().size()).isGreaterThan(3);
        }
    }

    private static void assertKeyNowhere(Run run, Path store, LogCapture logs, ScriptedChatServer server)
            throws IOException {
        assertThat(run.result.getOutput()).doesNotContain(KEY);
        assertThat(run.result.getErrorOutput()).doesNotContain(KEY);
        assertThat(logs.text()).doesNotContain(KEY);
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
            }
        }
        for (int i = 0; i < server.requests().size(); i++) {
            assertThat(server.conversation(i)).as("the prompt of request %d", i).doesNotContain(KEY);
        }
    }

    private record Run(LaunchResult result, Duration took) {
    }

    private static Run refine(QuarkusMainLauncher launcher, ScriptedChatServer server, Path store, String... extra) {
        return refine(launcher, server, store, Map.of(), extra);
    }

    private static Run refine(QuarkusMainLauncher launcher, ScriptedChatServer server, Path store,
            Map<String, String> settings, String... extra) {
        Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(server));
        for (String agent : new String[] {"recommender", "user"}) {
            config.put("quarkus.langchain4j.openai." + agent + ".timeout", "3s"); // AFL_LLM_TIMEOUT=3s
            config.put("quarkus.langchain4j.openai." + agent + ".api-key", KEY);
            config.put("quarkus.langchain4j.openai." + agent + ".chat-model.model-name", "scripted"); // AFL_LLM_MODEL
        }
        // The defaults, which the scripted servers' configuration shortens or turns off.
        config.put("afl.llm.backoff", "500ms");
        config.put("afl.llm.unavailable-cooldown", "30s");
        config.putAll(settings);
        config.forEach(System::setProperty);
        List<String> args = new ArrayList<>(List.of("refine", "--data-dir", TestData.dataDir().toString(),
                "--dataset", "lastfm", "--row", "17", "--store", store.toString()));
        args.addAll(List.of(extra));
        long started = System.nanoTime();
        try {
            LaunchResult result = launcher.launch(args.toArray(String[]::new));
            return new Run(result, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }

    /**
     * The --json document. The launcher's captured output also holds the console's log lines (the fallbacks'
     * warnings), which the packaged command writes to stderr ({@code quarkus.log.console.stderr},
     * {@code ConsoleOutputTest}).
     */
    private static JsonNode jsonOutput(Run run) throws IOException {
        String out = run.result.getOutput();
        int start = out.startsWith("{") ? 0 : out.indexOf("\n{") + 1;
        assertThat(start).as(out).isGreaterThanOrEqualTo(0);
        return JSON.readTree(out.substring(start));
    }

    private static Duration played(JsonNode session) {
        return Duration.between(Instant.parse(session.path("createdAt").asText()),
                Instant.parse(session.path("updatedAt").asText()));
    }

    private static JsonNode onlySession(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            List<Path> sessions = files.filter(file -> file.toString().endsWith(".json")).toList();
            assertThat(sessions).hasSize(1);
            return JSON.readTree(sessions.getFirst().toFile());
        }
    }
}
