package dev.afl.cli;

import dev.afl.AflException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts the HTTP API application (src/api, its own Quarkus application with the API's extensions) as a child of
 * this process: the same java binary, the API's runner jar, the listener and session folder as options, the AFL
 * settings given to the CLI as system properties, the environment and the console inherited.
 */
final class ApiLauncher {

    /** Where the API's runner jar is (set by ./afl); else it is looked for beside the CLI's build. */
    static final String JAR_PROPERTY = "afl-api-jar";
    /** From the CLI's jar (src/cli/target/afl-runner.jar) or classes (src/cli/target/classes) to the API's jar. */
    static final String JAR_FROM_CLI_TARGET = "../../api/target/quarkus-app/quarkus-run.jar";
    static final String BUILD_COMMAND = "./mvnw -B package -DskipTests -DskipFunctionPackages -pl src/cli,src/api -am";

    private ApiLauncher() {
    }

    static Process start(String host, int port, Path store) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        forwardedSettings().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-Dquarkus.http.host=" + host);
        command.add("-Dquarkus.http.port=" + port);
        if (store != null) {
            command.add("-Dafl.api.store-dir=" + store.toAbsolutePath());
        }
        command.add("-jar");
        command.add(runnerJar().toString());
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            // The jar, not the command line: its -D settings may carry what should not be shown.
            throw new AflException("cannot start the HTTP API (" + command.getFirst() + " -jar " + command.getLast()
                    + "): " + e.getMessage());
        }
    }

    /** The API's runner jar: {@value #JAR_PROPERTY}, else next to the CLI's build; a clear message if not built. */
    static Path runnerJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null && !configured.isBlank() ? Path.of(configured) : besideTheCli();
        if (!Files.isRegularFile(jar)) {
            throw new AflException("the HTTP API application is not built (no " + jar.toAbsolutePath().normalize()
                    + "): build it with `" + BUILD_COMMAND + "` (./afl serve does this when it is missing).");
        }
        return jar;
    }

    private static Path besideTheCli() {
        CodeSource source = ApiLauncher.class.getProtectionDomain().getCodeSource();
        try {
            Path cli = Path.of(source.getLocation().toURI());
            return cli.getParent().resolve(JAR_FROM_CLI_TARGET).normalize();
        } catch (URISyntaxException | RuntimeException e) {
            throw new AflException("cannot tell where the CLI runs from, to find the HTTP API next to it: set -D"
                    + JAR_PROPERTY + "=<path to src/api/target/quarkus-app/quarkus-run.jar>.");
        }
    }

    /** The java binary running this CLI, so the API runs on the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The AFL settings given to the CLI as system properties (afl-home, afl-models, afl.*: ./afl's and the user's
     * -D options), so that the served API runs with the same models and settings as the other commands; serve's own
     * options come after them on the child's command line, and win.
     */
    static Map<String, String> forwardedSettings() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("afl-") || name.startsWith("afl."))
                .filter(name -> !name.equals(JAR_PROPERTY))
                .forEach(name -> settings.put(name, System.getProperty(name)));
        return settings;
    }
}
