package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * stdout carries a command's result and stderr its logs, so `refine --json` and `experiment` pipe: the console log
 * handler writes to stderr. (In-process launches capture both streams together, so the packaged setting is checked
 * where it is made; `./afl refine --json` with a stalled LLM printed its fallback warnings on stderr only and a
 * JSON document alone on stdout.)
 */
class ConsoleOutputTest {

    @Test
    void logsGoToStderr() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties on the class path").isNotNull();
            properties.load(in);
        }
        assertThat(properties.getProperty("quarkus.log.console.stderr")).isEqualTo("true");
        assertThat(properties.stringPropertyNames()).as("no profile sends the console back to stdout")
                .filteredOn(name -> name.endsWith("quarkus.log.console.stderr"))
                .allSatisfy(name -> assertThat(properties.getProperty(name)).isEqualTo("true"));
    }

    /**
     * The CLI's logs stay lines for people: JSON console logging (quarkus-logging-json) is off in the packaged
     * configuration and no profile turns it on; only the functions' environment does (infra/template.yaml).
     */
    @Test
    void logsAreForPeopleUnlessTheEnvironmentAsksForJson() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("quarkus.log.console.json.enabled")).isEqualTo("false");
        assertThat(properties.stringPropertyNames()).as("no profile turns JSON console logs on")
                .filteredOn(name -> name.contains("quarkus.log.console.json"))
                .allSatisfy(name -> assertThat(properties.getProperty(name)).isEqualTo("false"));
    }
}
