package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RewardSignal;
import dev.afl.agent.UserAgent;
import dev.afl.agent.simulated.CalibratedNoisyUser;
import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.catalog.Item;
import dev.afl.model.onnx.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code afl.agents.user=calibrated} as every entry point gets it: the factory's user agent is the calibrated user,
 * reading the bundled calibration beside the models (what the judge function has), and a calibration estimated with
 * another reward model is refused with the command that renews it.
 */
@QuarkusTest
@TestProfile(SimulatedUsersConfigTest.Calibrated.class)
class SimulatedUsersConfigTest {

    /** The calibrated user with noise. */
    public static class Calibrated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("afl.agents.user", "calibrated", "afl.agents.simulated.epsilon", "0.1");
        }
    }

    @Inject
    AgentFactory agents;

    @Inject
    AflConfig config;

    private static JudgementTask task(String dataset, int candidates) {
        List<Item> items = new ArrayList<>();
        float[] rewards = new float[candidates];
        for (int i = 0; i < candidates; i++) {
            items.add(new Item(String.valueOf(i + 1), "Item " + i));
            rewards[i] = candidates - i;
        }
        return new JudgementTask(Domain.forDataset(dataset), 1, List.of(new Item("100", "History")), items,
                items.getFirst(), "fits", RewardSignal.of(rewards, 0), List.of(), null, dataset);
    }

    @Test
    void theConfiguredUserIsTheCalibratedUserReadingTheBundledCalibration() {
        UserAgent user = agents.userAgent();
        assertThat(user).isInstanceOf(CalibratedNoisyUser.class);
        assertThat(user.kind()).isEqualTo("calibrated");
        assertThat(agents.agentsLabel()).isEqualTo("offline+calibrated-eps0.10-seed20250713");
        Judgement judgement = user.judge(task("lastfm", 20));
        assertThat(judgement.trace().model()).isEqualTo("calibrated-user eps=0.10");
        assertThat(judgement.reason()).contains("ranks 1 of 20 for my taste", "34%");
        // MovieLens has its own calibration (its reward model is right more often).
        assertThat(user.judge(task("movielens", 20)).reason()).contains("47%");
    }

    @Test
    void aCalibrationOfAnotherRewardModelIsRefusedWithTheCommandThatRenewsIt(@TempDir Path models) throws IOException {
        Path lastfm = Files.createDirectories(models.resolve("lastfm"));
        Files.copy(Path.of("models/lastfm/sasrec.card.json"), lastfm.resolve("sasrec.card.json"));
        Files.copy(Path.of("models/lastfm/morec.card.json"), lastfm.resolve("morec.card.json"));
        SimulatedUserCalibration bundled = SimulatedUsers.read(Path.of("models/lastfm/simulated-users.json"));
        SimulatedUsers.write(new SimulatedUserCalibration(bundled.dataset(), bundled.estimatedOn(),
                new SimulatedUserCalibration.ModelRef("lastfm/sasrec", "0".repeat(64)), bundled.trueItemByRewardRank(),
                bundled.judgeModel(), bundled.createdAt()), SimulatedUsers.file(lastfm));
        try (ModelRegistry registry = new ModelRegistry(models, 1)) {
            UserAgent user = new SimulatedUsers(config, registry).agent(AflConfig.UserAgentKind.CALIBRATED);
            assertThatThrownBy(() -> user.judge(task("lastfm", 20))).isInstanceOf(AflException.class)
                    .hasMessageContaining("was estimated with the reward model lastfm/sasrec of sha256 000000")
                    .hasMessageContaining("./afl calibrate-users --dataset lastfm");
            assertThatThrownBy(() -> user.judge(task("movielens", 20))).isInstanceOf(AflException.class)
                    .hasMessageContaining("No simulated-user calibration at").hasMessageContaining("calibrate-users");
        }
    }
}
