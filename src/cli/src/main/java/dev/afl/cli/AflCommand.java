package dev.afl.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The command line: the main job and the data and model tools. */
@TopCommand
@Command(name = "afl", mixinStandardHelpOptions = true, version = "afl 0.1.0",
        description = "Agentic Feedback Loop recommender: evaluation, data and model tools.",
        subcommands = {RefineCommand.class, ItemsCommand.class, ServeCommand.class, EvaluateBaseCommand.class,
                ExperimentCommand.class, ImportCheckpointCommand.class, ExportTrainingDataCommand.class,
                ExportCasesCommand.class, CalibrateUsersCommand.class})
public class AflCommand {
}
