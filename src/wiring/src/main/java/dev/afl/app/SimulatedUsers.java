package dev.afl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.agent.UserAgent;
import dev.afl.agent.simulated.CalibratedNoisyUser;
import dev.afl.agent.simulated.DecisionNoise;
import dev.afl.agent.simulated.IndependentUser;
import dev.afl.agent.simulated.JudgeModel;
import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.json.AflJson;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated users of the configuration ({@code afl.agents.user=calibrated|independent}), for every entry point:
 * each dataset's calibration is read from {@value SimulatedUserCalibration#FILE_NAME} beside its models (the models
 * folder is all a function has), checked against the bundled models it was estimated with, once per process.
 */
@ApplicationScoped
public class SimulatedUsers {

    private static final ObjectMapper JSON = AflJson.documents();

    private final AflConfig config;
    private final ModelRegistry models;
    private final Map<String, SimulatedUserCalibration> calibrations = new ConcurrentHashMap<>();

    @Inject
    public SimulatedUsers(AflConfig config, ModelRegistry models) {
        this.config = config;
        this.models = models;
    }

    /** The configured simulated user of the given kind. */
    public UserAgent agent(AflConfig.UserAgentKind kind) {
        AflConfig.Simulated simulated = config.agents().simulated();
        DecisionNoise noise = new DecisionNoise(simulated.epsilon());
        return switch (kind) {
            case CALIBRATED -> new CalibratedNoisyUser(dataset -> calibration(dataset).rankCalibration(), noise,
                    simulated.seed(), config.offline().preferredShown());
            case INDEPENDENT -> new IndependentUser(this::judge, noise, simulated.seed(), config.offline().acceptTopK(),
                    config.offline().preferredShown());
            case AUTO, OFFLINE, LLM -> throw new IllegalArgumentException(kind + " is not a simulated user");
        };
    }

    /** The calibration of a dataset's simulated users, checked against the bundled models. */
    public SimulatedUserCalibration calibration(String dataset) {
        return calibrations.computeIfAbsent(dataset, this::checked);
    }

    private JudgeModel judge(String dataset) {
        SimulatedUserCalibration calibration = calibration(dataset);
        return new JudgeModel(calibration.judgeModel().name(),
                models.bundled(dataset, config.agents().simulated().judgeModel()),
                calibration.judgeModel().likeThreshold());
    }

    private SimulatedUserCalibration checked(String dataset) {
        Path file = file(models.folder(dataset));
        SimulatedUserCalibration calibration = read(file);
        String fix = " Estimate it again on the validation split: ./afl calibrate-users --dataset " + dataset + ".";
        String reward = config.models().reward();
        String rewardSha = models.card(dataset, reward).sha256();
        if (!calibration.rewardModel().sha256().equals(rewardSha)) {
            throw new AflException(file + " was estimated with the reward model " + calibration.rewardModel().name()
                    + " of sha256 " + calibration.rewardModel().sha256() + ", but the bundled " + dataset + "/" + reward
                    + " is " + rewardSha + "." + fix);
        }
        String judge = config.agents().simulated().judgeModel();
        String judgeSha = models.card(dataset, judge).sha256();
        if (!calibration.judgeModel().sha256().equals(judgeSha)) {
            throw new AflException(file + " calibrates the judge model " + calibration.judgeModel().name() + " ("
                    + calibration.judgeModel().sha256() + "), not the configured " + dataset + "/" + judge + " ("
                    + judgeSha + ", afl.agents.simulated.judge-model)." + fix);
        }
        return calibration;
    }

    /** Where a dataset's calibration lives in its models folder. */
    public static Path file(Path datasetModels) {
        return datasetModels.resolve(SimulatedUserCalibration.FILE_NAME);
    }

    public static SimulatedUserCalibration read(Path file) {
        try {
            return JSON.readValue(file.toFile(), SimulatedUserCalibration.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new AflException("No simulated-user calibration at " + file + ": the calibrated and independent users"
                    + " need one per dataset. Write it with ./afl calibrate-users --dataset <dataset> (it reads the"
                    + " validation split only), or choose another user agent (afl.agents.user, AFL_USER_AGENT).", e);
        } catch (IOException e) {
            throw new AflException("Cannot read the simulated-user calibration " + file + ": " + e.getMessage()
                    + ". Write it again with ./afl calibrate-users.", e);
        }
    }

    public static void write(SimulatedUserCalibration calibration, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, (JSON.writeValueAsString(calibration) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AflException("Cannot write " + file + ": " + e.getMessage() + ". Check that the models folder"
                    + " exists and may be written.", e);
        }
    }
}
