package dev.afl.cli;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
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
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job with the LLM agents configured: the command reaches the LLM (no fallback) and says which agents
 * ran. The application starts at launch, reading the scripted server's address from system properties.
 */
@QuarkusMainTest
class RefineWithLlmTest {

    @Test
    void theTranscriptShowsTheLlmsAnswers(QuarkusMainLauncher launcher, @TempDir Path store) throws Exception {
        Dataset lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        // refine's default candidates: the row's list among the paper's own lists.
        EvaluationCase c = EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST).stream().filter(r -> r.row() == 17)
                .findFirst().orElseThrow();
        String title = lastfm.catalog().require(c.candidates().get(2)).title();
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(reply("Reason: The scripted recommender likes it.\nItem: " + title),
                    reply("Reason: The scripted user agrees.\nDecision: yes"));
            Map<String, String> config = ScriptedChatServerResource.configFor(server);
            config.forEach(System::setProperty);
            LaunchResult result;
            try {
                result = launcher.launch("refine", "--data-dir", TestData.dataDir().toString(), "--dataset",
                        "lastfm", "--row", "17", "--store", store.toString());
            } finally {
                config.keySet().forEach(System::clearProperty);
            }
            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains("LLM agents (scripted, prompt set paper)", "recommends  " + title,
                    "The scripted recommender likes it.", "accepts: The scripted user agrees.", "accepted after 1 round")
                    .doesNotContain("[fallback]");
            assertThat(server.requests()).hasSize(2);
        }
    }

    /** A fallback shows in the transcript as such, with its diagnostic from the trace, apart from the reason. */
    @Test
    void theTranscriptShowsAFallbackAndWhyFromTheTrace(QuarkusMainLauncher launcher, @TempDir Path store)
            throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.script(reply("No idea."), reply("Still none."), reply("Pass."),
                    reply("Reason: The scripted user agrees.\nDecision: yes"));
            Map<String, String> config = ScriptedChatServerResource.configFor(server);
            config.forEach(System::setProperty);
            LaunchResult result;
            try {
                result = launcher.launch("refine", "--data-dir", TestData.dataDir().toString(), "--dataset",
                        "lastfm", "--row", "17", "--store", store.toString(), "--prompt-set", "extended");
            } finally {
                config.keySet().forEach(System::clearProperty);
            }
            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains("LLM agents (scripted, prompt set extended)", "  [fallback]",
                    "  because     The recommendation model ranks \"",
                    "  fallback    Fallback to the recommendation model's best of the candidates, \"",
                    "no usable answer after 3 tries; last problem: it has no line starting with 'Item:'");
            // The user agent was asked with the neutral reason, not the diagnostic.
            assertThat(server.userMessage(3)).contains("The recommendation model ranks").doesNotContain("Fallback",
                    "no usable answer");
        }
    }
}
