package dev.afl.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RefinementRequested rule's input transformer, read from infra/template.yaml and applied the way EventBridge
 * applies it: each InputPathsMap entry (a dot path) names a value of the event; a quoted "&lt;name&gt;" becomes
 * the value's text, an unquoted &lt;name&gt; the value as JSON. The local run feeds the machine exactly what the rule
 * would.
 */
final class RuleInputTransformer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\"<([A-Za-z0-9_.-]+)>\"|<([A-Za-z0-9_.-]+)>");

    private final Map<String, String> paths = new HashMap<>();
    private final String template;

    private RuleInputTransformer(JsonNode transformer) {
        transformer.get("InputPathsMap").properties().forEach(e -> paths.put(e.getKey(), e.getValue().asText()));
        template = transformer.get("InputTemplate").asText();
    }

    static RuleInputTransformer ofTemplate(String rule) {
        try {
            JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("infra/template.yaml").toFile());
            return new RuleInputTransformer(template.at("/Resources/" + rule + "/Properties/Targets/0/InputTransformer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode apply(JsonNode event) throws IOException {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean quoted = matcher.group(1) != null;
            String name = quoted ? matcher.group(1) : matcher.group(2);
            String path = paths.get(name);
            if (path == null) {
                throw new AssertionError("The input template uses <" + name + ">, which InputPathsMap does not define");
            }
            JsonNode value = event.at(path.substring(1).replace('.', '/'));
            if (value.isMissingNode()) {
                throw new AssertionError("The event has nothing at " + path);
            }
            String text = quoted ? JSON.writeValueAsString(value.asText()) : JSON.writeValueAsString(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        matcher.appendTail(out);
        return JSON.readTree(out.toString());
    }
}
