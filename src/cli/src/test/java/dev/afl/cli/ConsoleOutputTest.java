package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * stdout carries a command's result and stderr its logs, so `refine --json` and `experiment` pipe: the console log
 * handler writes to stderr. In-process launches capture the log with the output, so the packaged setting is checked
 * here where it is made, and its effect by {@link CliProcessIT}, which runs the packaged CLI as a process: refine
 * --json and experiment against a misbehaving LLM, their warnings on stderr and the result alone on stdout.
 */
class ConsoleOutputTest {

    @Test
    void logsGoToStderr() throws IOException {
        Properties properties = packagedSettings();
        assertThat(properties.getProperty("quarkus.log.console.stderr")).isEqualTo("true");
        assertThat(properties.stringPropertyNames()).as("no profile sends the console back to stdout")
                .filteredOn(name -> name.endsWith("quarkus.log.console.stderr"))
                .allSatisfy(name -> assertThat(properties.getProperty(name)).isEqualTo("true"));
    }

    /**
     * The CLI's logs stay lines for people: JSON console logging (quarkus-logging-json) is the functions' alone
     * (src/functions/steps, turned on by their environment in infra/template.yaml); the CLI does not carry it.
     */
    @Test
    void logsAreForPeople() {
        assertThat(getClass().getClassLoader().getResource("io/quarkus/logging/json/runtime/JsonFormatter.class"))
                .as("quarkus-logging-json on the CLI's class path").isNull();
    }

    /** The packaged settings: the modules' defaults (microprofile-config.properties), then application.properties. */
    private Properties packagedSettings() throws IOException {
        Properties properties = new Properties();
        List<URL> defaults = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/microprofile-config.properties"));
        assertThat(defaults).as("the modules' defaults on the class path").isNotEmpty();
        for (URL url : defaults) {
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
        }
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties on the class path").isNotNull();
            properties.load(in);
        }
        return properties;
    }
}
