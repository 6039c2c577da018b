package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each afl.* default is declared in one place (the rule at the top of META-INF/microprofile-config.properties), and
 * the modes are read at start-up: the documented lower-case spellings, anything else refused with the setting's name,
 * its environment variable and the choices.
 */
class AflConfigDefaultsTest {

    private static final Pattern ALIAS = Pattern.compile("\\$\\{(AFL_[A-Z0-9_]+):([^}]*)}");

    @Test
    void noSettingHasADefaultInBothPlaces() throws IOException {
        Map<String, String> annotated = withDefaults();
        TreeSet<String> twice = new TreeSet<>(annotated.keySet());
        twice.retainAll(aflLines().keySet());
        assertThat(twice).as("settings with both @WithDefault in AflConfig and a line in the properties file")
                .isEmpty();
        // The reflection reads the mapping: a rename that broke it would make this test pass without checking.
        assertThat(annotated).containsEntry("afl.loop.max-rounds", "4").containsEntry("afl.offline.accept-top-k", "1")
                .containsEntry("afl.llm.cassette", "off").containsKey("afl.models.remote.api-key-header");
        assertThat(settings()).contains("afl.agents.mode", "afl.agents.simulated.epsilon", "afl.store.table");
    }

    @Test
    void theFileDeclaresOnlySettingsReadFromAVariableOfAnotherName() throws IOException {
        Map<String, String> lines = aflLines();
        assertThat(lines).containsKeys("afl.agents.mode", "afl.agents.user", "afl.store.table");
        for (Map.Entry<String, String> line : lines.entrySet()) {
            assertThat(settings()).as("%s is a setting of AflConfig", line.getKey()).contains(line.getKey());
            Matcher alias = ALIAS.matcher(line.getValue());
            assertThat(alias.matches()).as("%s=%s reads an AFL_ variable with its default, ${AFL_X:default}; a"
                    + " plain default belongs in @WithDefault", line.getKey(), line.getValue()).isTrue();
            assertThat(alias.group(1)).as("%s: the environment already reads %s under the setting's own name, so"
                    + " the default belongs in @WithDefault", line.getKey(), alias.group(1))
                    .isNotEqualTo(line.getKey().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
    }

    @Test
    void theDefaultsReadAsDocumented() throws IOException {
        AflConfig config = config(Map.of());
        assertThat(config.agents().mode()).isEqualTo(AflConfig.AgentsMode.AUTO);
        assertThat(config.agents().user()).isEqualTo(AflConfig.UserAgentKind.AUTO);
        assertThat(config.agents().simulated().epsilon()).isZero();
        assertThat(config.llm().onUnavailable()).isEqualTo(AflConfig.OnUnavailable.FALLBACK);
        assertThat(config.llm().cassette()).isEqualTo(AflConfig.CassetteMode.OFF);
        assertThat(config.llm().model()).isEmpty();
        assertThat(config.models().remote().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.models().remote().url()).isEmpty();
        assertThat(config.store().table()).isEqualTo("afl-sessions");
        assertThat(config.llmEnabled()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "AFL_AGENTS, llm, LLM",
        "AFL_AGENTS, offline, OFFLINE",
        "AFL_USER_AGENT, calibrated, CALIBRATED",
        "AFL_LLM_ON_UNAVAILABLE, fail, FAIL",
        "AFL_LLM_CASSETTE, replay, REPLAY",
    })
    void eachModeIsReadFromItsVariable(String variable, String value, String mode) throws IOException {
        AflConfig config = config(Map.of(variable, value));
        assertThat(java.util.List.of(config.agents().mode(), config.agents().user(), config.llm().onUnavailable(),
                config.llm().cassette())).extracting(Enum::name).contains(mode);
    }

    @Test
    void aReplayedCassetteOrForcedLlmAgentsCountAsAnLlm() throws IOException {
        assertThat(config(Map.of("AFL_LLM_CASSETTE", "replay")).llmEnabled()).isTrue();
        assertThat(config(Map.of("AFL_AGENTS", "llm")).llmConfigured()).isTrue();
        assertThat(config(Map.of("AFL_AGENTS", "offline", "AFL_LLM_MODEL", "gpt-4o-mini")).llmEnabled()).isFalse();
        assertThat(config(Map.of("AFL_LLM_MODEL", "gpt-4o-mini")).llmEnabled()).isTrue();
    }

    /** The provider is the shared setting's unless an agent has its own; Bedrock's region and endpoint likewise. */
    @Test
    void eachAgentsProviderAndBedrockSettingsAreReadFromTheirVariables() throws IOException {
        AflConfig defaults = config(Map.of());
        assertThat(defaults.llm().provider()).isEqualTo(AflConfig.LlmProvider.OPENAI);
        assertThat(defaults.llm().recommender().provider()).isEmpty();
        assertThat(defaults.llm().user().provider()).isEmpty();
        assertThat(defaults.llm().bedrock().region()).isEmpty();
        assertThat(defaults.llm().bedrock().endpoint()).isEmpty();
        AflConfig config = config(Map.of("AFL_LLM_PROVIDER", "bedrock", "AFL_USER_LLM_PROVIDER", "openai",
                "AFL_BEDROCK_REGION", "eu-west-1", "AFL_RECOMMENDER_BEDROCK_REGION", "us-east-1",
                "AFL_USER_BEDROCK_ENDPOINT", "https://vpce.example"));
        assertThat(config.llm().provider()).isEqualTo(AflConfig.LlmProvider.BEDROCK);
        assertThat(config.llm().recommender().provider()).isEmpty();
        assertThat(config.llm().user().provider()).contains(AflConfig.LlmProvider.OPENAI);
        assertThat(config.llm().bedrock().region()).contains("eu-west-1");
        assertThat(config.llm().recommender().bedrockRegion()).contains("us-east-1");
        assertThat(config.llm().user().bedrockRegion()).isEmpty();
        assertThat(config.llm().user().bedrockEndpoint()).contains("https://vpce.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AFL_AGENTS|bogus|afl.agents.mode (AFL_AGENTS) must be auto, offline or llm, got 'bogus'.",
        "AFL_AGENTS|LLM|afl.agents.mode (AFL_AGENTS) must be auto, offline or llm, got 'LLM'.",
        "AFL_USER_AGENT|noisy|afl.agents.user (AFL_USER_AGENT) must be auto, offline, llm, calibrated or independent,"
                + " got 'noisy'.",
        "AFL_LLM_ON_UNAVAILABLE|retry|afl.llm.on-unavailable (AFL_LLM_ON_UNAVAILABLE) must be fallback or fail, got"
                + " 'retry'.",
        "AFL_LLM_CASSETTE|play|afl.llm.cassette (AFL_LLM_CASSETTE) must be off, record or replay, got 'play'.",
        "AFL_LLM_PROVIDER|aws|afl.llm.provider (AFL_LLM_PROVIDER) must be openai or bedrock, got 'aws'.",
        "AFL_RECOMMENDER_LLM_PROVIDER|Bedrock|afl.llm.recommender.provider (AFL_RECOMMENDER_LLM_PROVIDER) must be"
                + " openai or bedrock, got 'Bedrock'.",
        "AFL_USER_LLM_PROVIDER|ollama|afl.llm.user.provider (AFL_USER_LLM_PROVIDER) must be openai or bedrock, got"
                + " 'ollama'.",
    })
    void aWrongModeStopsTheConfigurationNamingTheSettingAndTheChoices(String variable, String value, String message) {
        assertThatThrownBy(() -> config(Map.of(variable, value))).hasMessageContaining(message);
    }

    /** The configuration as a deployable reads it: the module's properties file under the given environment. */
    private static AflConfig config(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(AflConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(propertiesFile(), 100), new EnvConfigSource(environment, 300))
                .build().getConfigMapping(AflConfig.class);
    }

    /** This module's own file (not another module's of the same name on the class path). */
    private static URL propertiesFile() throws IOException {
        try {
            Path classes = Path.of(AflConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = classes.resolve("META-INF/microprofile-config.properties");
            assertThat(file).as("the config module's properties file").exists();
            return file.toUri().toURL();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** The afl.* lines of the properties file, as written (expressions unexpanded). */
    private static Map<String, String> aflLines() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(propertiesFile().toString())))) {
            properties.load(in);
        }
        Map<String, String> lines = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("afl."))
                .forEach(name -> lines.put(name, properties.getProperty(name)));
        return lines;
    }

    /** Every setting of the mapping with its @WithDefault value, by its kebab-case name. */
    private static Map<String, String> withDefaults() {
        Map<String, String> defaults = new TreeMap<>();
        walk(AflConfig.class, "afl", defaults, new TreeSet<>());
        return defaults;
    }

    /** Every setting of the mapping. */
    private static TreeSet<String> settings() {
        TreeSet<String> all = new TreeSet<>();
        walk(AflConfig.class, "afl", new TreeMap<>(), all);
        return all;
    }

    private static void walk(Class<?> group, String prefix, Map<String, String> defaults, TreeSet<String> all) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == AflConfig.class) {
                walk(type, name, defaults, all); // a group: afl.agents, afl.models.remote, ...
                continue;
            }
            all.add(name);
            WithDefault declared = method.getAnnotation(WithDefault.class);
            if (declared != null) {
                defaults.put(name, declared.value());
            }
        }
    }

    /** SmallRye's default naming: maxRetryAfter -> max-retry-after. */
    private static String kebab(String method) {
        return method.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
