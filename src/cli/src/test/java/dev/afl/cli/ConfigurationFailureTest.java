package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidationException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one line a configuration Quarkus cannot start with is told in (CliProcessIT runs it in the packaged CLI). */
class ConfigurationFailureTest {

    private static final Map<String, String> VARIABLES = Map.of("quarkus.langchain4j.openai.recommender.timeout",
            "AFL_LLM_TIMEOUT", "quarkus.langchain4j.openai.user.timeout", "AFL_LLM_TIMEOUT");

    @Test
    void aConverterThatNamesTheSettingIsToldInItsOwnWords() {
        String line = told(new ConfigValidationException(new Problem[] {new Problem("java.lang.IllegalArgumentException:"
                + " SRCFG00039: The config property afl.agents.mode with the config value \"bogus\" threw an Exception"
                + " whilst being converted afl.agents.mode (AFL_AGENTS) must be auto, offline or llm, got 'bogus'.")}));
        assertThat(line).isEqualTo("error: afl.agents.mode (AFL_AGENTS) must be auto, offline or llm, got 'bogus'. Fix"
                + " the value or unset the variable to take the default; the README lists each variable and the values"
                + " it takes.");
    }

    @Test
    void oneVariableFeedingTwoPropertiesIsToldOnceAndOtherProblemsAreCounted() {
        String line = told(new ConfigValidationException(new Problem[] {
            conversion("quarkus.langchain4j.openai.recommender.timeout", "soon", "Invalid duration: soon"),
            conversion("quarkus.langchain4j.openai.user.timeout", "soon", "Invalid duration: soon"),
            new Problem("SRCFG00014: The config property afl.llm.model is required but it could not be found in any"
                    + " config source")}));
        assertThat(line).startsWith("error: AFL_LLM_TIMEOUT=\"soon\" (quarkus.langchain4j.openai.recommender.timeout)"
                + " was refused: Invalid duration: soon (and 1 more: afl.llm.model is required and not set). Fix")
                .doesNotContain("SRCFG", "Exception", "user.timeout").doesNotContain("\n");
    }

    @Test
    void quarkusOwnConfigurationExceptionIsToldByItsFirstLine() {
        String line = told(new RuntimeException("wrapped", new ConfigurationException(
                "Unable to start: quarkus.http.port is 70000\n  more detail")));
        assertThat(line).startsWith("error: Unable to start: quarkus.http.port is 70000. Fix");
    }

    @Test
    void anyOtherFailureIsNotAConfigurationFailure() {
        assertThat(ConfigurationFailure.of(new IllegalStateException("boom"), property -> Optional.empty())).isEmpty();
        assertThat(ConfigurationFailure.of(new RuntimeException(new IllegalArgumentException("x")),
                property -> Optional.empty())).isEmpty();
    }

    @Test
    void theVariableIsReadFromTheWayTheSettingIsDeclared() {
        assertThat(ConfigurationFailure.variableOf("afl.agents.mode")).contains("AFL_AGENTS");
        assertThat(ConfigurationFailure.variableOf("quarkus.langchain4j.openai.user.timeout"))
                .contains("AFL_LLM_TIMEOUT");
        assertThat(ConfigurationFailure.variableOf("afl.no.such.setting")).isEmpty();
    }

    @Test
    void whileStartingWholeLinesAreHeldAndTheRewordedReportIsDropped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StartupErrorStream starting = new StartupErrorStream(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        starting.println("Configuration validation failed:\n\tjava.lang.IllegalArgumentException: ...");
        starting.write("a log line\n".getBytes(StandardCharsets.UTF_8), 0, 11);
        starting.println("kept");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a log line\n");
        starting.release(Set.of("Configuration validation failed:\n\tjava.lang.IllegalArgumentException: ..."));
        starting.println("after");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a log line\nkept\nafter\n");
    }

    private static Problem conversion(String property, String value, String reason) {
        return new Problem("java.lang.IllegalArgumentException: SRCFG00039: The config property " + property
                + " with the config value \"" + value + "\" threw an Exception whilst being converted " + reason);
    }

    private static String told(Throwable failure) {
        return ConfigurationFailure.of(failure, property -> Optional.ofNullable(VARIABLES.get(property)))
                .orElseThrow().line();
    }
}
