package dev.afl.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The entry point of the command line: runs the picocli command the arguments name. The CLI binds no port; {@code
 * serve} starts the HTTP API, its own application (src/api), as a child process.
 *
 * <p>A configuration Quarkus cannot start with ({@code AFL_AGENTS=bogus}) fails before picocli runs; {@link #main}
 * tells it as the other mistakes a user can make are told, one {@code error:} line and exit code 2.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    private static volatile StartupErrorStream startingErr;

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        PrintStream err = System.err;
        StartupErrorStream starting = new StartupErrorStream(err);
        startingErr = starting;
        System.setErr(starting);
        Quarkus.run(Main.class, (code, failure) -> System.exit(exitCode(code, failure, starting, err)), args);
    }

    private static int exitCode(int code, Throwable failure, StartupErrorStream starting, PrintStream err) {
        Optional<ConfigurationFailure> configuration = failure == null ? Optional.empty()
                : ConfigurationFailure.of(failure, ConfigurationFailure::variableOf);
        if (configuration.isEmpty()) {
            starting.release(Set.of());
            return code;
        }
        Set<String> reported = new HashSet<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            reported.add(t.getMessage());
        }
        starting.release(reported);
        err.println(configuration.get().line());
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int run(String... args) {
        StartupErrorStream starting = startingErr;
        if (starting != null) {
            starting.release(Set.of());
        }
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
