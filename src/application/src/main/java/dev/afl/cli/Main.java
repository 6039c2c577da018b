package dev.afl.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point of the command line. Every command runs with the HTTP listener off (application.properties), so
 * refine, experiment and the rest bind no port; only {@code serve} turns it on, with the API and its standard
 * endpoints (/q/openapi, /q/health, /q/metrics). The listener is runtime configuration that Quarkus reads when it
 * starts, before any command runs, so the choice has to be made here from the arguments; the standard extensions do
 * not change that (they serve on the same listener, and cost their start-up whatever the command).
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        Map<String, String> listener = ServeCommand.listenerSettings(args);
        listener.forEach(System::setProperty);
        try {
            Quarkus.run(Main.class, args);
        } finally {
            // Reached only where the JVM lives on (the tests launch commands in-process): the next command starts off.
            listener.keySet().forEach(System::clearProperty);
        }
    }

    @Override
    public int run(String... args) {
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
