package dev.afl.cli;

import dev.afl.AflException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Users' mistakes print their message (what was wrong, how to fix it) and exit 2, without a stack trace. */
@ApplicationScoped
public class CommandLineSetup {

    public static final int USER_ERROR = 2;

    @Produces
    CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(AflCommand.class, factory);
        return commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof AflException || exception instanceof IllegalArgumentException) {
                failed.getErr().println("error: " + exception.getMessage());
                return USER_ERROR;
            }
            throw exception;
        });
    }
}
