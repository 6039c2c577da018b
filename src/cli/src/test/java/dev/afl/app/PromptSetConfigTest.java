package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.prompt.PromptSet;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one prompt-set setting: {@code paper} unless told otherwise, by property or AFL_PROMPT_SET; names checked. */
class PromptSetConfigTest {

    /**
     * The settings as an application reads them: the modules' META-INF/microprofile-config.properties (where the
     * defaults read from an environment variable are declared), then {@code properties} as its application.properties,
     * then {@code environment}.
     */
    static AflConfig config(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withMapping(AflConfig.class).withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250),
                        new EnvConfigSource(environment, 300));
        try {
            for (URL file : Collections.list(PromptSetConfigTest.class.getClassLoader()
                    .getResources("META-INF/microprofile-config.properties"))) {
                builder.withSources(new PropertiesConfigSource(file, 100));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build().getConfigMapping(AflConfig.class);
    }

    @Test
    void thePaperSetIsTheDefault() {
        assertThat(config(Map.of(), Map.of()).promptSet()).isEqualTo(PromptSet.PAPER);
    }

    @Test
    void theEnvironmentOrThePropertyChoosesASetByItsName() {
        assertThat(config(Map.of(), Map.of("AFL_PROMPT_SET", "reference-code")).promptSet())
                .isEqualTo(PromptSet.REFERENCE_CODE);
        assertThat(config(Map.of("afl.prompt-set", "extended"), Map.of()).promptSet()).isEqualTo(PromptSet.EXTENDED);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> config(Map.of(), Map.of("AFL_PROMPT_SET", "Table1")).promptSet())
                .hasStackTraceContaining("Unknown prompt set 'Table1': choose paper, reference-code, extended");
    }
}
