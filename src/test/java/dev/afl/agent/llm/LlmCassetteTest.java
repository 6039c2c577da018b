package dev.afl.agent.llm;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.agent.Proposal;
import dev.afl.prompt.PromptLibrary;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recommendation agent recorded against the scripted server replays with no server and the same answers. */
@QuarkusTest
@QuarkusTestResource(value = ScriptedChatServerResource.class, restrictToAnnotatedClass = true)
class LlmCassetteTest {

    @Inject
    RecommenderAssistant assistant;

    @Test
    void aRecordedSessionReplaysIdenticallyWithoutCallingTheLlm(@TempDir Path dir) throws Exception {
        Path cassette = dir.resolve("run.cassette.jsonl");
        ScriptedChatServer server = ScriptedChatServerResource.server;
        server.script(reply("I like nothing."), reply("Reason: fits.\nItem: Muse"), reply("Reason: also.\nItem: Air"));
        PromptLibrary prompts = new PromptLibrary();
        LlmCassette recorder = new LlmCassette(assistant::chat, cassette, LlmCassette.Mode.RECORD, "scripted");
        LlmRecommendationAgent recording = new LlmRecommendationAgent(recorder, prompts, LlmPolicy.DEFAULT, "scripted");
        Proposal first = recording.propose(LlmAgentsWireTest.task(List.of()));
        Proposal second = recording.propose(LlmAgentsWireTest.task(List.of(new dev.afl.agent.MemoryEntry(1, "11",
                "Muse", "fits.", "Too loud."))));
        assertThat(server.requests()).hasSize(3);
        assertThat(Files.readAllLines(cassette)).hasSize(3);

        LlmCall noServer = prompt -> {
            throw new AssertionError("a replay must not call the LLM");
        };
        LlmRecommendationAgent replaying = new LlmRecommendationAgent(new LlmCassette(noServer, cassette,
                LlmCassette.Mode.REPLAY, "scripted"), prompts, LlmPolicy.DEFAULT, "scripted");
        Proposal firstAgain = replaying.propose(LlmAgentsWireTest.task(List.of()));
        Proposal secondAgain = replaying.propose(LlmAgentsWireTest.task(List.of(new dev.afl.agent.MemoryEntry(1, "11",
                "Muse", "fits.", "Too loud."))));
        assertThat(firstAgain.itemId()).isEqualTo(first.itemId()).isEqualTo("11");
        assertThat(firstAgain.reason()).isEqualTo(first.reason());
        assertThat(firstAgain.trace().attempts()).isEqualTo(first.trace().attempts()).isEqualTo(2);
        assertThat(firstAgain.trace().inputTokens()).isEqualTo(first.trace().inputTokens());
        assertThat(secondAgain.itemId()).isEqualTo(second.itemId()).isEqualTo("15");
        assertThat(server.requests()).hasSize(3);

        // A prompt that was never recorded is an error in replay, never a live call.
        assertThatThrownBy(() -> new LlmCassette(noServer, cassette, LlmCassette.Mode.REPLAY, "another-model")
                .chat("anything")).isInstanceOf(AflException.class).hasMessageContaining("record the run first");
        assertThatThrownBy(() -> new LlmCassette(noServer, dir.resolve("none.jsonl"), LlmCassette.Mode.REPLAY, "m"))
                .isInstanceOf(AflException.class).hasMessageContaining("No cassette");
    }
}
