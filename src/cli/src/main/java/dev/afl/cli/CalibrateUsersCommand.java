package dev.afl.cli;

import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.app.AflConfig;
import dev.afl.app.SimulatedUsers;
import dev.afl.data.Checksums;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.mechanism.UserCalibrations;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Estimates the simulated users' calibration of a dataset on its validation split and writes it beside the
 * dataset's models, where every entry point (the functions too) reads it.
 */
@Command(name = "calibrate-users", mixinStandardHelpOptions = true,
        description = "Estimate the simulated users' calibration (the reward model's true-item rate by rank, the judge"
                + " model's like threshold) on the validation split and write it beside the dataset's models.")
public class CalibrateUsersCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", defaultValue = "lastfm", description = "lastfm or movielens (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--judge-model", description = "The independent user's model (default: afl.agents.simulated.judge-model).")
    String judgeModel;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models folder to read the models from and write"
            + " the calibration into (default: " + ModelRegistry.MODELS_DIR_VARIABLE + ", else models/).")
    Path modelsDir;

    @Mixin
    SeedOptions seeds;

    @Inject
    AflConfig config;

    @Override
    public Integer call() {
        KnownDataset known = KnownDataset.byId(dataset);
        String judge = judgeModel != null ? judgeModel : config.agents().simulated().judgeModel();
        if (judge.equals(config.models().reward())) {
            throw new IllegalArgumentException("The judge model must not be the reward model (" + judge + "): the"
                    + " independent user would then agree with it by construction. Choose another bundled model.");
        }
        Dataset data = DatasetLoader.referenceWithTraining(this.data.location(), known);
        Path validFile = this.data.location().dataDir().resolve(ReferenceSplitImporter.FOLDER).resolve(known.id())
                .resolve(Split.VALID.fileStem() + ".jsonl");
        Path folder = modelsDir != null ? modelsDir : ModelRegistry.defaultDirectory();
        try (ModelRegistry registry = new ModelRegistry(folder, 1)) {
            OnnxSequenceModel reward = registry.bundled(known.id(), config.models().reward(), data.catalog());
            OnnxSequenceModel judgeModelLoaded = registry.bundled(known.id(), judge, data.catalog());
            SimulatedUserCalibration calibration = UserCalibrations.estimate(data, reward, judgeModelLoaded,
                    Checksums.sha256(validFile), seeds.seeds());
            Path file = SimulatedUsers.file(registry.folder(known.id()));
            SimulatedUsers.write(calibration, file);
            SimulatedUserCalibration.JudgeCalibration j = calibration.judgeModel();
            System.out.printf(Locale.ROOT, "%s: %d validation cases (%d rows x %d seeds); reward model %s ranks the"
                    + " true item first in %.4f of them%n", known.id(), calibration.estimatedOn().cases(),
                    calibration.estimatedOn().rows(), calibration.estimatedOn().seeds().size(),
                    calibration.rewardModel().name(), calibration.rankCalibration().trueItemProbability(1));
            System.out.printf(Locale.ROOT, "judge model %s: top-1 agrees with the reward model's in %.4f of the cases;"
                    + " HitRatio@1 %.4f (reward model %.4f); like threshold %.4f (validation F1 %.4f at %s)%n",
                    j.name(), j.top1AgreementWithReward(), j.hitRatioAt1(), j.rewardHitRatioAt1(), j.likeThreshold(),
                    j.likeThresholdValidF1(), j.ratio());
            System.out.println("Written to " + file.toAbsolutePath());
        }
        return 0;
    }
}
