package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.prompt.PromptSet;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one prompt-set setting: {@code paper} unless told otherwise, by property or AFL_PROMPT_SET; names checked. */
class PromptSetConfigTest {

    static AflConfig config(Map<String, String> properties, Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withMapping(AflConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100), new EnvConfigSource(environment, 300))
                .build().getConfigMapping(AflConfig.class);
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
