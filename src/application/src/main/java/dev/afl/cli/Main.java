package dev.afl.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point of the command line. Every command runs with the HTTP listener and the OpenAPI document off
 * (application.properties), so refine, experiment and the rest bind no port and start as fast as before the API
 * existed; only {@code serve} turns them on, which has to happen before Quarkus starts, hence this main.
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
