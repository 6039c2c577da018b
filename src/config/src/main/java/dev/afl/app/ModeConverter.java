package dev.afl.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads the modes of {@link AflConfig} by their documented spelling, the constant's name in lower case ({@code auto}),
 * and refuses any other value with the setting, its environment variable and the choices: the configuration then
 * stops the application at start-up with that message, where SmallRye's own enum converter would name the Java class
 * and neither the variable nor the choices in order. One converter per mode (SmallRye checks a converter's type on
 * its own class, so each implements {@link Converter} of its enum).
 */
public final class ModeConverter {

    private ModeConverter() {
    }

    /** How a mode is written in its setting. */
    public static String spelling(Enum<?> mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** The mode of {@code type} spelled {@code value}; {@code setting} names the property and its variable. */
    static <E extends Enum<E>> E read(Class<E> type, String setting, String value) {
        for (E mode : type.getEnumConstants()) {
            if (spelling(mode).equals(value)) {
                return mode;
            }
        }
        String all = Arrays.stream(type.getEnumConstants()).map(ModeConverter::spelling)
                .collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        String choices = last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
        throw new IllegalArgumentException(setting + " must be " + choices + ", got '" + value + "'.");
    }

    /** afl.agents.mode. */
    public static final class AgentsModes implements Converter<AflConfig.AgentsMode> {
        @Override
        public AflConfig.AgentsMode convert(String value) {
            return read(AflConfig.AgentsMode.class, "afl.agents.mode (AFL_AGENTS)", value);
        }
    }

    /** afl.agents.user. */
    public static final class UserAgentKinds implements Converter<AflConfig.UserAgentKind> {
        @Override
        public AflConfig.UserAgentKind convert(String value) {
            return read(AflConfig.UserAgentKind.class, "afl.agents.user (AFL_USER_AGENT)", value);
        }
    }

    /** afl.llm.on-unavailable. */
    public static final class OnUnavailableModes implements Converter<AflConfig.OnUnavailable> {
        @Override
        public AflConfig.OnUnavailable convert(String value) {
            return read(AflConfig.OnUnavailable.class, "afl.llm.on-unavailable (AFL_LLM_ON_UNAVAILABLE)", value);
        }
    }

    /** afl.llm.provider. */
    public static final class LlmProviders implements Converter<AflConfig.LlmProvider> {
        @Override
        public AflConfig.LlmProvider convert(String value) {
            return read(AflConfig.LlmProvider.class, "afl.llm.provider (AFL_LLM_PROVIDER)", value);
        }
    }

    /** afl.llm.recommender.provider. */
    public static final class RecommenderLlmProviders implements Converter<AflConfig.LlmProvider> {
        @Override
        public AflConfig.LlmProvider convert(String value) {
            return read(AflConfig.LlmProvider.class, "afl.llm.recommender.provider (AFL_RECOMMENDER_LLM_PROVIDER)",
                    value);
        }
    }

    /** afl.llm.user.provider. */
    public static final class UserLlmProviders implements Converter<AflConfig.LlmProvider> {
        @Override
        public AflConfig.LlmProvider convert(String value) {
            return read(AflConfig.LlmProvider.class, "afl.llm.user.provider (AFL_USER_LLM_PROVIDER)", value);
        }
    }

    /** afl.llm.cassette. */
    public static final class CassetteModes implements Converter<AflConfig.CassetteMode> {
        @Override
        public AflConfig.CassetteMode convert(String value) {
            return read(AflConfig.CassetteMode.class, "afl.llm.cassette (AFL_LLM_CASSETTE)", value);
        }
    }
}
