package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import dev.afl.model.remote.RemoteRecommendationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one resolver of recommendation model names, with real configuration mappings and the repository's models:
 * bundled names come from the cards in the models folder (no list in the code), {@code llm} and {@code remote}
 * from their configuration, and every wrong choice says what to set.
 */
class RecommendationModelsTest {

    static final ModelRegistry MODELS = new ModelRegistry(Path.of("models"), 1);

    @AfterAll
    static void close() {
        MODELS.close();
    }

    static RecommendationModels resolver(Map<String, String> properties) {
        AflConfig config = PromptSetConfigTest.config(properties, Map.of());
        // No CDI here: the LLM is never called, only built, so the assistants stay absent.
        AgentFactory agents = new AgentFactory(config, null, null, "test-recommender", "test-user",
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(60), "http://localhost/v1/",
                "http://localhost/v1/");
        agents.bedrock = new BedrockAgentCalls(config);
        return new RecommendationModels(config, agents);
    }

    @Test
    void bundledNamesResolveToTheirOnnxModels() {
        RecommendationModels resolver = resolver(Map.of());
        RecommendationModel model = resolver.resolve("caser", "lastfm", MODELS, null);
        assertThat(model).isInstanceOf(OnnxSequenceModel.class);
        assertThat(model.name()).isEqualTo("lastfm/caser");
        assertThat(model.provenance()).isEqualTo(((OnnxSequenceModel) model).card().sha256());
        assertThat(resolver.recordedName("caser", "lastfm", MODELS)).isEqualTo("lastfm/caser");
        assertThat(resolver.vocabulary("caser", "lastfm", MODELS)).get().asList().hasSize(
                ((OnnxSequenceModel) model).card().itemCount());
        assertThat(resolver.choices("lastfm", MODELS)).containsExactly("sasrec", "gru4rec", "caser", "morec", "llm", "remote");
    }

    @Test
    void anyCardInTheModelsFolderIsAChoice(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("lastfm"));
        Files.copy(Path.of("models/lastfm/sasrec.card.json"), folder.resolve("lastfm/sasrec.card.json"));
        Files.copy(Path.of("models/lastfm/sasrec.card.json"), folder.resolve("lastfm/morec.card.json"));
        try (ModelRegistry registry = new ModelRegistry(folder, 1)) {
            assertThat(resolver(Map.of()).choices("lastfm", registry)).containsExactly("sasrec", "morec", "llm",
                    "remote");
        }
    }

    @Test
    void anUnknownNameListsTheChoices() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("bert4rec", "movielens", MODELS, null))
                .isInstanceOf(AflException.class)
                .hasMessageContaining("Unknown recommendation model 'bert4rec' for movielens")
                .hasMessageContaining("sasrec, gru4rec, caser, morec, llm, remote")
                .hasMessageContaining("AFL_MODELS_DIR").hasMessageContaining("AFL_REMOTE_MODEL_URL");
        assertThatThrownBy(() -> resolver(Map.of()).recordedName("sasrec", "steam", MODELS))
                .isInstanceOf(AflException.class).hasMessageContaining("for steam: choose one of llm, remote");
    }

    @Test
    void theRemoteModelNeedsItsEndpoint() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("remote", "lastfm", MODELS, null))
                .isInstanceOf(AflException.class)
                .hasMessageContaining("afl.models.remote.url (AFL_REMOTE_MODEL_URL)");
        assertThatThrownBy(() -> resolver(Map.of("afl.models.remote.url", "not a url")).resolve("remote", "lastfm",
                MODELS, null)).isInstanceOf(AflException.class).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> resolver(Map.of("afl.models.remote.url", "file:///tmp/scores")).resolve("remote",
                "lastfm", MODELS, null)).isInstanceOf(AflException.class).hasMessageContaining("http or https");

        RecommendationModels resolver = resolver(Map.of("afl.models.remote.url", "https://scores.example.com/v1/score",
                "afl.models.remote.api-key", "k-123"));
        RecommendationModel remote = resolver.resolve("remote", "movielens", MODELS, null);
        assertThat(remote).isInstanceOf(RemoteRecommendationModel.class);
        assertThat(remote.name()).isEqualTo("movielens/remote");
        assertThat(remote.provenance()).isEqualTo("remote:https://scores.example.com/v1/score");
        assertThat(resolver.recordedName("remote", "movielens", MODELS)).isEqualTo("movielens/remote");
        assertThat(resolver.vocabulary("remote", "movielens", MODELS)).isEmpty();
    }

    @Test
    void theLlmOnlyModelNeedsAnLlmNeverAnOfflineStandIn() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("llm", "lastfm", MODELS, null))
                .isInstanceOf(AflException.class).hasMessageContaining("no LLM is configured")
                .hasMessageContaining("AFL_LLM_MODEL");
        // Offline agents with an LLM configured: the LLM-only model is available all the same.
        RecommendationModel llm = resolver(Map.of("afl.llm.model", "gpt-test", "afl.agents.mode", "offline"))
                .resolve("llm", "lastfm", MODELS, null);
        assertThat(llm).isInstanceOf(LlmOnlyModel.class);
        assertThat(llm.name()).isEqualTo("lastfm/llm");
        assertThat(llm.provenance()).isEqualTo("llm:test-recommender");
    }
}
