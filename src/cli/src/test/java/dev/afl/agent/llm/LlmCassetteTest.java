package dev.afl.agent.llm;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.Proposal;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recommendation agent recorded against the scripted server replays with no server and the same answers; a
 * request that differs in any part (system or user message, model, temperature, token limit) is a miss that names
 * the agent, what differs and what to do, never a reply recorded for another request.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedChatServerResource.class, restrictToAnnotatedClass = true)
class LlmCassetteTest {

    static final LlmCassette.Settings SETTINGS = new LlmCassette.Settings("scripted", 0.0, 400);
    static final LlmCall NO_SERVER = (system, user) -> {
        throw new AssertionError("a replay must not call the LLM");
    };

    @Inject
    RecommenderAssistant assistant;

    @Test
    void aRecordedSessionReplaysIdenticallyWithoutCallingTheLlm(@TempDir Path dir) throws Exception {
        Path cassette = dir.resolve("run.cassette.jsonl");
        ScriptedChatServer server = ScriptedChatServerResource.server;
        server.script(reply("I like nothing."), reply("Reason: fits.\nItem: Muse"), reply("Reason: also.\nItem: Air"));
        PromptLibrary prompts = PromptLibrary.of(PromptSet.PAPER);
        LlmCassette recorder = new LlmCassette(assistant::chat, cassette, LlmCassette.Mode.RECORD, "recommender",
                SETTINGS);
        LlmRecommendationAgent recording = new LlmRecommendationAgent(recorder, prompts, LlmPolicy.DEFAULT, "scripted");
        Proposal first = recording.propose(LlmAgentsWireTest.task(List.of()));
        Proposal second = recording.propose(LlmAgentsWireTest.task(List.of(rejectedMuse())));
        assertThat(server.requests()).hasSize(3);
        assertThat(Files.readAllLines(cassette)).hasSize(3);
        assertThat(new ObjectMapper().readTree(Files.readAllLines(cassette).getFirst()).fieldNames())
                .toIterable().contains("key", "agent", "model", "temperature", "maxTokens", "systemSha256",
                        "userSha256", "reply");

        LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(NO_SERVER, cassette,
                LlmCassette.Mode.REPLAY, "recommender", SETTINGS), prompts, LlmPolicy.DEFAULT, "scripted");
        Proposal firstAgain = replaying.propose(LlmAgentsWireTest.task(List.of()));
        Proposal secondAgain = replaying.propose(LlmAgentsWireTest.task(List.of(rejectedMuse())));
        assertThat(firstAgain.itemId()).isEqualTo(first.itemId()).isEqualTo("11");
        assertThat(firstAgain.reason()).isEqualTo(first.reason());
        assertThat(firstAgain.trace().attempts()).isEqualTo(first.trace().attempts()).isEqualTo(2);
        assertThat(firstAgain.trace().inputTokens()).isEqualTo(first.trace().inputTokens());
        assertThat(secondAgain.itemId()).isEqualTo(second.itemId()).isEqualTo("15");
        assertThat(server.requests()).hasSize(3);

        assertThatThrownBy(() -> new LlmCassette(NO_SERVER, dir.resolve("none.jsonl"), LlmCassette.Mode.REPLAY,
                "user", SETTINGS)).isInstanceOf(AflException.class)
                .hasMessageContaining("No cassette of the user agent", "AFL_LLM_CASSETTE=record");
    }

    @Test
    void anEditedSystemPromptIsAMissThatSaysSoNeverAReplay(@TempDir Path dir) {
        Path cassette = record(dir, PromptLibrary.of(PromptSet.PAPER));
        // One word of the paper's recommendation system template changed, everything else the same.
        PromptLibrary edited = new PromptLibrary(PromptSet.PAPER, path -> path.equals("paper/recommender-system.txt")
                ? PromptLibrary.read(path).replace("Some useful tips:", "Some helpful tips:") : PromptLibrary.read(path));
        LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(NO_SERVER, cassette,
                LlmCassette.Mode.REPLAY, "recommender", SETTINGS), edited, LlmPolicy.DEFAULT, "scripted");
        assertThatThrownBy(() -> replaying.propose(LlmAgentsWireTest.task(List.of())))
                .isInstanceOf(AflException.class)
                .hasMessageContaining("no reply of the recommender agent's LLM for this request")
                .hasMessageContaining("the same user message was recorded with another system message: the"
                        + " recommender's system prompt changed")
                .hasMessageContaining("AFL_LLM_CASSETTE=record");
    }

    /**
     * A miss is the user's to fix, not the LLM's failure: asked once, never retried (the issue saw "failed after 3
     * tries"), never a fallback, and its message whole: the cassette file, the full key and how to record.
     */
    @Test
    void aMissIsAskedOnceAndSaysWhereAndHowToRecord(@TempDir Path dir) {
        Path cassette = record(dir, PromptLibrary.of(PromptSet.PAPER));
        LlmCassette replay = new LlmCassette(NO_SERVER, cassette, LlmCassette.Mode.REPLAY, "recommender", SETTINGS);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        LlmRecommendationAgent replaying = new LlmRecommendationAgent((system, user) -> {
            asked.incrementAndGet();
            return replay.chat(system, user);
        }, PromptLibrary.of(PromptSet.EXTENDED), LlmPolicy.DEFAULT, "scripted");
        assertThatThrownBy(() -> replaying.propose(LlmAgentsWireTest.task(List.of())))
                .isInstanceOf(LlmCassetteMissException.class)
                .hasMessageStartingWith("The cassette " + cassette + " has no reply of the recommender agent's LLM")
                .hasMessageMatching("(?s).*, key [0-9a-f]{64}\\): .*")
                .hasMessageContaining("AFL_LLM_CASSETTE=record with AFL_LLM_CASSETTE_DIR=" + dir.toAbsolutePath())
                .hasMessageEndingWith("replay with the prompt set, models and LLM settings it was recorded with.")
                .message().doesNotContain("tries", "\u2026");
        assertThat(asked).hasValue(1);
    }

    @Test
    void anotherPromptSetIsAMiss(@TempDir Path dir) {
        Path cassette = record(dir, PromptLibrary.of(PromptSet.PAPER));
        LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(NO_SERVER, cassette,
                LlmCassette.Mode.REPLAY, "recommender", SETTINGS), PromptLibrary.of(PromptSet.EXTENDED),
                LlmPolicy.DEFAULT, "scripted");
        assertThatThrownBy(() -> replaying.propose(LlmAgentsWireTest.task(List.of())))
                .isInstanceOf(AflException.class).hasMessageContaining("no recorded request shares its"
                        + " system or its user message (another prompt set");
    }

    @Test
    void anotherModelTemperatureOrTokenLimitIsAMiss(@TempDir Path dir) {
        Path cassette = record(dir, PromptLibrary.of(PromptSet.PAPER));
        for (LlmCassette.Settings other : List.of(new LlmCassette.Settings("another-model", 0.0, 400),
                new LlmCassette.Settings("scripted", 0.7, 400), new LlmCassette.Settings("scripted", 0.0, 200))) {
            LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(NO_SERVER, cassette,
                    LlmCassette.Mode.REPLAY, "recommender", other), PromptLibrary.of(PromptSet.PAPER),
                    LlmPolicy.DEFAULT, "scripted");
            assertThatThrownBy(() -> replaying.propose(LlmAgentsWireTest.task(List.of()))).as(other.toString())
                    .isInstanceOf(AflException.class).hasMessageContaining("these messages were recorded with model scripted, temperature"
                            + " 0.0, max tokens 400, not with " + other);
        }
    }

    @Test
    void theKeyCoversEveryPartOfTheRequest() {
        String key = LlmCassette.key(SETTINGS, "system", "user");
        assertThat(LlmCassette.key(SETTINGS, "system", "user")).isEqualTo(key);
        assertThat(List.of(LlmCassette.key(SETTINGS, "system.", "user"), LlmCassette.key(SETTINGS, "system", "user."),
                LlmCassette.key(new LlmCassette.Settings("other", 0.0, 400), "system", "user"),
                LlmCassette.key(new LlmCassette.Settings("scripted", 0.1, 400), "system", "user"),
                LlmCassette.key(new LlmCassette.Settings("scripted", 0.0, 401), "system", "user"),
                LlmCassette.key(new LlmCassette.Settings("scripted", null, 400), "system", "user"),
                LlmCassette.key(SETTINGS.withSeed(1), "system", "user"),
                LlmCassette.key(SETTINGS.withSeed(2), "system", "user"),
                // Where one message ends and the other starts is part of the request, too.
                LlmCassette.key(SETTINGS, "systemuser", ""))).doesNotContain(key).doesNotHaveDuplicates();
    }

    /** Without a seed the key is the one cassettes were recorded with before seeds existed: they replay still. */
    @Test
    void withoutASeedTheKeyIsUnchanged() {
        assertThat(LlmCassette.key(SETTINGS.withSeed(null), "system", "user")).isEqualTo(dev.afl.data.Checksums.sha256(
                "{\"model\":\"scripted\",\"temperature\":0.0,\"maxTokens\":400,\"system\":\"system\",\"user\":\"user\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * An experiment's repeats ({@code --repeats}): each repeat's seed goes out in the request's {@code seed} field (none
     * without one), the cassette keeps each repeat's reply apart, and a replay of repeat 2 answers with repeat 2's.
     */
    @Test
    void eachRepeatSendsItsSeedAndReplaysItsOwnReply(@TempDir Path dir) throws Exception {
        Path cassette = dir.resolve("recommender.jsonl");
        ScriptedChatServer server = ScriptedChatServerResource.server;
        server.script(reply("Reason: fits.\nItem: Muse"), reply("Reason: also fits.\nItem: Air"));
        PromptLibrary prompts = PromptLibrary.of(PromptSet.PAPER);
        List<String> recorded = new java.util.ArrayList<>();
        for (int seed : new int[] {1, 2}) {
            recorded.add(new LlmRecommendationAgent(new LlmCassette(SamplingSeed.applied(seed, assistant::chat),
                    cassette, LlmCassette.Mode.RECORD, "recommender", SETTINGS.withSeed(seed)), prompts,
                    LlmPolicy.DEFAULT, "scripted").propose(LlmAgentsWireTest.task(List.of())).itemId());
        }
        assertThat(server.requests()).extracting(request -> request.path("seed").asInt(-1)).containsExactly(1, 2);
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.at("/messages/1/content").asText())
                .isEqualTo(server.userMessage(0)));
        assertThat(recorded).containsExactly("11", "15");
        List<Integer> recordedSeeds = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(cassette)) {
            recordedSeeds.add(new ObjectMapper().readTree(line).path("seed").asInt(-1));
        }
        assertThat(recordedSeeds).containsExactly(1, 2);

        for (int seed : new int[] {2, 1}) {
            LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(SamplingSeed.applied(seed,
                    NO_SERVER), cassette, LlmCassette.Mode.REPLAY, "recommender", SETTINGS.withSeed(seed)), prompts,
                    LlmPolicy.DEFAULT, "scripted");
            assertThat(replaying.propose(LlmAgentsWireTest.task(List.of())).itemId()).as("seed " + seed)
                    .isEqualTo(recorded.get(seed - 1));
        }
        for (LlmCassette.Settings other : List.of(SETTINGS.withSeed(3), SETTINGS)) {
            LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(NO_SERVER, cassette,
                    LlmCassette.Mode.REPLAY, "recommender", other), prompts, LlmPolicy.DEFAULT, "scripted");
            assertThatThrownBy(() -> replaying.propose(LlmAgentsWireTest.task(List.of()))).as(other.toString())
                    .isInstanceOf(LlmCassetteMissException.class)
                    .hasMessageContaining("these messages were recorded with model scripted, temperature 0.0, max"
                            + " tokens 400, seed ").hasMessageContaining("not with " + other);
        }

        server.script(reply("Reason: fits.\nItem: Muse"));
        new LlmRecommendationAgent(assistant::chat, prompts, LlmPolicy.DEFAULT, "scripted")
                .propose(LlmAgentsWireTest.task(List.of()));
        assertThat(server.requests().getFirst().has("seed")).as("a call without a seed sends none").isFalse();
    }

    /** Records one round-1 proposal of the recommendation agent with these prompts, through the scripted server. */
    private Path record(Path dir, PromptLibrary prompts) {
        Path cassette = dir.resolve("recommender.jsonl");
        ScriptedChatServerResource.server.script(reply("Reason: fits.\nItem: Muse"));
        new LlmRecommendationAgent(new LlmCassette(assistant::chat, cassette, LlmCassette.Mode.RECORD, "recommender",
                SETTINGS), prompts, LlmPolicy.DEFAULT, "scripted").propose(LlmAgentsWireTest.task(List.of()));
        return cassette;
    }

    private static MemoryEntry rejectedMuse() {
        return new MemoryEntry(1, "11", "Muse", "fits.", "Too loud.");
    }
}
