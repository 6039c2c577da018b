package dev.afl.cli;

import dev.afl.AflException;
import dev.afl.DurationText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Users' mistakes print their message (what was wrong, how to fix it) and exit 2, without a stack trace; durations
 * are read as requests read them ({@link DurationText}: 30s or PT30S).
 */
@ApplicationScoped
public class CommandLineSetup {

    public static final int USER_ERROR = 2;

    @Produces
    CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(AflCommand.class, factory);
        commandLine.registerConverter(Duration.class, CommandLineSetup::duration);
        // A mistake on the command line: what was wrong and where the options are, in one line, no usage page.
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("error: " + exception.getMessage() + " ("
                    + failed.getCommandSpec().qualifiedName(" ") + " --help lists the options).");
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, failed.getErr());
            return USER_ERROR;
        });
        return commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof AflException || exception instanceof IllegalArgumentException) {
                failed.getErr().println("error: " + exception.getMessage());
                return USER_ERROR;
            }
            throw exception;
        });
    }

    private static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
