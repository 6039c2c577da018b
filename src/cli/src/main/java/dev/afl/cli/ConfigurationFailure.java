package dev.afl.cli;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration the application cannot start with (a bad {@code AFL_AGENTS}, {@code AFL_LLM_TIMEOUT}, ...), told in
 * the one line every failure a user causes ends with: the setting, the variable it was read from, the value and why
 * it was refused, then what to do. SmallRye reports each refused value as {@code SRCFG00039: The config property P
 * with the config value "V" threw an Exception whilst being converted REASON}, one line per property, so one variable
 * feeding two properties is told once.
 */
record ConfigurationFailure(List<String> problems) {

    private static final Pattern CONVERSION = Pattern.compile("The config property (\\S+) with the config"
            + " value \"(.*)\" threw an Exception whilst being converted\\s*(.*)", Pattern.DOTALL);
    private static final Pattern REQUIRED = Pattern.compile(
            "The config property (\\S+) is required but it could not be found in any config source");
    private static final Pattern NOISE = Pattern.compile("^(?:[\\w.$]+(?:Exception|Error): )?(?:SRCFG\\d+: )?");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final String WHAT_TO_DO = "Fix the value or unset the variable to take the default; the README"
            + " lists each variable and the values it takes.";

    /**
     * The failure told in one line, when the application stopped on its configuration; empty for any other failure.
     *
     * @param variableOf the environment variable a property's value was read from, where one is known (the
     *                   settings read as {@code ${AFL_LLM_TIMEOUT:60s}})
     */
    static Optional<ConfigurationFailure> of(Throwable failure, Function<String, Optional<String>> variableOf) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigValidationException invalid) {
                List<String> messages = new ArrayList<>();
                for (int i = 0; i < invalid.getProblemCount(); i++) {
                    messages.add(invalid.getProblem(i).getMessage());
                }
                return Optional.of(new ConfigurationFailure(told(messages, variableOf)));
            }
            if (t instanceof ConfigurationException refused) {
                return Optional.of(new ConfigurationFailure(told(List.of(firstLine(refused.getMessage())),
                        variableOf)));
            }
        }
        return Optional.empty();
    }

    /** {@code error: <first problem>[ (and N more)]. <what to do>} */
    String line() {
        String first = problems.isEmpty() ? "the configuration was refused" : problems.getFirst();
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: "
                + String.join("; ", problems.subList(1, problems.size())) + ")" : "";
        return "error: " + withoutFinalStop(first) + more + ". " + WHAT_TO_DO;
    }

    private static List<String> told(List<String> messages, Function<String, Optional<String>> variableOf) {
        Map<String, String> byOrigin = new LinkedHashMap<>();
        for (String message : messages) {
            String clean = NOISE.matcher(message.strip()).replaceFirst("");
            Matcher conversion = CONVERSION.matcher(clean);
            Matcher required = REQUIRED.matcher(clean);
            if (conversion.matches()) {
                String property = conversion.group(1);
                Optional<String> variable = variableOf.apply(property);
                String reason = withoutFinalStop(conversion.group(3).strip());
                // Our converters' reasons already name the setting, its variable and the choices.
                String told = reason.contains(property) ? reason
                        : variable.map(v -> v + "=\"" + conversion.group(2) + "\" (" + property + ")")
                                .orElse(property + "=\"" + conversion.group(2) + "\"")
                                + " was refused: " + reason;
                byOrigin.putIfAbsent(variable.orElse(property), told);
            } else if (required.matches()) {
                String property = required.group(1);
                byOrigin.putIfAbsent(property, property + variableOf.apply(property).map(v -> " (" + v + ")")
                        .orElse("") + " is required and not set");
            } else {
                byOrigin.putIfAbsent(clean, withoutFinalStop(clean));
            }
        }
        return List.copyOf(byOrigin.values());
    }

    /**
     * The environment variable a property is read from: the first {@code ${VARIABLE...}} of its value in the
     * application's properties files (how the settings are declared, {@code afl.agents.mode=${AFL_AGENTS:auto}}), else
     * the property's own environment spelling where that variable is set ({@code AFL_AGENTS_MODE}). Read from the
     * files themselves, since the application that would have parsed them failed to start.
     */
    static Optional<String> variableOf(String property) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String file : List.of("application.properties", "META-INF/microprofile-config.properties")) {
            try {
                for (URL resource : Collections.list(loader.getResources(file))) {
                    Properties properties = new Properties();
                    try (InputStream in = resource.openStream()) {
                        properties.load(in);
                    }
                    Matcher variable = VARIABLE.matcher(properties.getProperty(property, ""));
                    if (variable.find()) {
                        return Optional.of(variable.group(1));
                    }
                }
            } catch (IOException unreadable) {
                // The line is still told, without the variable's name.
            }
        }
        String spelled = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return System.getenv(spelled) == null ? Optional.empty() : Optional.of(spelled);
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }

    private static String withoutFinalStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
