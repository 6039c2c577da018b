package dev.afl.cli;

import dev.afl.DurationText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Failures a user can fix print their message (what was wrong, how to fix it) on one line, without a stack trace, and
 * exit with the code of their kind ({@link ExitCodes}: 2 bad input, 3 data or model missing, 4 LLM unavailable, 5
 * store not writable, 6 cassette miss); durations are read as requests read them ({@link DurationText}: 30s or PT30S).
 */
@ApplicationScoped
public class CommandLineSetup {

    public static final int USER_ERROR = ExitCodes.BAD_INPUT;

    @Produces
    CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(AflCommand.class, factory);
        commandLine.registerConverter(Duration.class, CommandLineSetup::duration);
        SpaceWrappingHelp.install(commandLine);
        // A mistake on the command line: what was wrong and where the options are, in one line, no usage page.
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            String suggestions = exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()
                    ? " Did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?" : "";
            String message = oneLine(exception.getMessage());
            failed.getErr().println("error: " + message + (message.matches(".*[.?!]") ? "" : ".") + suggestions
                    + " '" + failed.getCommandSpec().qualifiedName(" ") + " --help' lists the options.");
            return USER_ERROR;
        });
        return commandLine.setExecutionExceptionHandler(CommandLineSetup::failed);
    }

    /**
     * A failure the user can fix prints one line, what happened and what to do, with its exit code (ExitCodes) and no
     * stack trace; a bug prints its stack trace and says so.
     */
    static int failed(Exception exception, CommandLine failed, CommandLine.ParseResult parseResult) {
        ExitCodes.Classified classified = ExitCodes.classify(exception);
        PrintWriter err = failed.getErr();
        if (classified.bug()) {
            exception.printStackTrace(err);
            err.println("error: an internal error (a bug in AFL, not something you did): " + oneLine(
                    String.valueOf(exception)) + ". Please report it to the project's issue tracker with the command"
                    + " line and the stack trace above.");
        } else {
            err.println("error: " + oneLine(classified.explained().getMessage()));
        }
        err.flush();
        return classified.code();
    }

    /** A message on one line, whatever line breaks it carries (a script reads stderr's last line). */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
