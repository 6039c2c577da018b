package dev.afl.cli;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
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
        // Quarkus's own way out (System.exit in a packaged run; the test launcher's capture in @QuarkusMainTest).
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        StartupErrorStream starting = StartupErrorStream.install();
        startingErr = starting;
        Quarkus.run(Main.class, (code, failure) -> exit.accept(exitCode(code, failure, starting), failure), args);
    }

    private static int exitCode(int code, Throwable failure, StartupErrorStream starting) {
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
        starting.original().println(configuration.get().line());
        starting.original().flush();
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
