package dev.afl.cli;

import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.Session;
import io.quarkus.dev.console.QuarkusConsole;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refine} prints as it goes: the header before the LLM is first asked, round 1 before round 2 is asked for
 * (the LLM answers slowly, and each write to stdout is timed as the console receives it); {@code --json} stays one
 * document. Resuming a stored unfinished session, and asking again for an ended one, say so on stderr.
 */
@QuarkusMainTest
class RefineProgressTest {

    static final int SLOW_MILLIS = 400;

    @TempDir
    Path store;

    /** One write to the console: when, what, and whether to stderr. */
    record Write(long at, String text, boolean err) {
    }

    @Test
    void theHeaderAndEachRoundArePrintedAsTheyHappen(QuarkusMainLauncher launcher) throws Exception {
        List<String> titles = candidateTitles();
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(slowReply("Reason: a first try.\nItem: " + titles.get(0), SLOW_MILLIS),
                    slowReply("Reason: not this one.\nDecision: no", SLOW_MILLIS),
                    slowReply("Reason: a second try.\nItem: " + titles.get(1), SLOW_MILLIS),
                    slowReply("Reason: yes.\nDecision: yes", SLOW_MILLIS));
            List<Write> writes = new CopyOnWriteArrayList<>();
            BiPredicate<String, Boolean> timing = (text, err) -> {
                writes.add(new Write(System.nanoTime(), text, err));
                return true;
            };
            LaunchResult result;
            Map<String, String> config = ScriptedChatServerResource.configFor(server);
            config.forEach(System::setProperty);
            QuarkusConsole.addOutputFilter(timing);
            try {
                result = launcher.launch("refine", "--data-dir", TestData.dataDir().toString(), "--dataset",
                        "lastfm", "--row", "17", "--store", store.toString());
            } finally {
                QuarkusConsole.removeOutputFilter(timing);
                config.keySet().forEach(System::clearProperty);
            }
            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains("Round 1", "Round 2", "accepted after 2 rounds");
            List<Long> calls = server.arrivals();
            assertThat(calls).hasSize(4);
            assertThat(firstWrite(writes, "AFL session")).as("the header, before the LLM is first asked")
                    .isLessThan(calls.get(0));
            assertThat(firstWrite(writes, "Round 1")).as("round 1, before round 2's proposal is asked for")
                    .isLessThan(calls.get(2));
            assertThat(firstWrite(writes, "Round 2")).as("round 2, once its judgement is in")
                    .isGreaterThan(calls.get(3));
            assertThat(result.getOutput().split("Round 1", -1)).as("each round printed once").hasSize(2);
        }
    }

    @Test
    void resumingAStoredSessionAndAskingForAnEndedOneSaySo(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult first = refine(launcher, "played");
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        FileMemoryStore sessions = new FileMemoryStore(store);
        Session played = sessions.require("played");
        assertThat(played.rounds()).as("row 17 offline plays several rounds").hasSizeGreaterThan(1);

        // An unfinished copy: the same request, its first round stored (as a run cut off after round 1 leaves it).
        sessions.create("cut", played.request());
        sessions.appendRound("cut", played.rounds().getFirst());
        LaunchResult resumed = refine(launcher, "cut");
        assertThat(resumed.exitCode()).as(resumed.getErrorOutput()).isZero();
        assertThat(resumed.getErrorOutput()).contains("Resuming session cut at round 2 (1 round stored).");
        assertThat(resumed.getOutput()).doesNotContain("Resuming").contains("Round 1", "Round 2", "Final:");
        assertThat(resumed.getOutput().split("\nRound 1\n", -1)).as("the stored round printed once").hasSize(2);
        assertThat(sessions.require("cut").rounds()).isEqualTo(played.rounds());

        Path file = store.resolve("played.json");
        String before = Files.readString(file);
        LaunchResult again = refine(launcher, "played");
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(again.getErrorOutput()).contains("Session played ended already (" + played.status() + " after "
                + played.rounds().size() + " rounds): printing it as stored, nothing is run.");
        assertThat(again.getOutput()).isEqualTo(first.getOutput());
        assertThat(Files.readString(file)).as("nothing written").isEqualTo(before);

        LaunchResult json = refine(launcher, "played", "--json");
        assertThat(json.exitCode()).as(json.getErrorOutput()).isZero();
        assertThat(json.getErrorOutput()).contains("Session played ended already");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.getOutput())
                .path("session").path("id").asText()).isEqualTo("played");
    }

    private LaunchResult refine(QuarkusMainLauncher launcher, String sessionId, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("refine", "--data-dir",
                TestData.dataDir().toString(), "--dataset", "lastfm", "--row", "17", "--store", store.toString(),
                "--session-id", sessionId));
        args.addAll(List.of(extra));
        return launcher.launch(args.toArray(String[]::new));
    }

    /** When stdout first held {@code text} whole (printf writes a line in pieces): the time of its last piece. */
    private static long firstWrite(List<Write> writes, String text) {
        StringBuilder stdout = new StringBuilder();
        for (Write write : writes) {
            if (!write.err()) {
                stdout.append(write.text());
                if (stdout.indexOf(text) >= 0) {
                    return write.at();
                }
            }
        }
        throw new AssertionError("stdout never held '" + text + "': " + stdout);
    }

    /**
     * Titles of row 17's candidates (refine's default list, the row's list among the paper's own) that no other
     * catalog title contains or is contained in, so that the LLM agent's matcher takes a scripted answer as is.
     */
    private static List<String> candidateTitles() throws Exception {
        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        EvaluationCase row = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST).stream()
                .filter(c -> c.row() == 17).findFirst().orElseThrow();
        List<String> all = lastfm.catalog().items().stream().map(item -> item.title().toLowerCase(Locale.ROOT))
                .toList();
        List<String> unique = row.candidates().stream().map(id -> lastfm.catalog().require(id).title())
                .filter(title -> all.stream().filter(other -> other.contains(title.toLowerCase(Locale.ROOT))
                        || title.toLowerCase(Locale.ROOT).contains(other)).count() == 1).toList();
        assertThat(unique).as("row 17's candidates with a title of their own").hasSizeGreaterThanOrEqualTo(2);
        return unique;
    }
}
