package dev.afl.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template as CloudFormation would deploy it with the given parameters (the rest at their defaults): its
 * conditions decided, each {@code Fn::If} replaced by the branch chosen, {@code AWS::NoValue} dropped, and the
 * parameters and pseudo parameters in {@code Ref} and {@code Fn::Sub} replaced by their values (in us-east-1, account
 * 123456789012). References to resources stay as written. Enough of CloudFormation to read a role's policies and a
 * function's environment under one choice of parameters; it refuses what it does not know rather than guess.
 */
final class DeployedTemplate {

    static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1", "AWS::Partition", "aws",
            "AWS::AccountId", "123456789012", "AWS::StackName", "afl");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

    private final JsonNode template;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Boolean> decided = new HashMap<>();

    DeployedTemplate(JsonNode template, Map<String, String> given) {
        this.template = template;
        template.get("Parameters").properties().forEach(p -> parameters.put(p.getKey(),
                p.getValue().path("Default").asText("")));
        given.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the template has no parameter " + name);
            }
            JsonNode allowed = template.at("/Parameters/" + name + "/AllowedValues");
            if (allowed.isArray() && !allowed.toString().contains("\"" + value + "\"")) {
                throw new IllegalArgumentException(name + " does not allow " + value);
            }
            parameters.put(name, value);
        });
    }

    /** The resource {@code name} as deployed. */
    JsonNode resource(String name) {
        JsonNode resource = template.at("/Resources/" + name);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException("the template has no resource " + name);
        }
        return resolve(resource);
    }

    /** The Globals section as deployed. */
    JsonNode globals() {
        return resolve(template.get("Globals"));
    }

    /** Whether the condition {@code name} holds. */
    boolean condition(String name) {
        Boolean known = decided.get(name);
        if (known == null) {
            JsonNode definition = template.at("/Conditions/" + name);
            if (definition.isMissingNode()) {
                throw new IllegalArgumentException("the template has no condition " + name);
            }
            known = holds(definition);
            decided.put(name, known);
        }
        return known;
    }

    private boolean holds(JsonNode condition) {
        if (condition.has("Fn::Equals")) {
            return resolve(condition.get("Fn::Equals").get(0)).asText()
                    .equals(resolve(condition.get("Fn::Equals").get(1)).asText());
        }
        if (condition.has("Fn::Not")) {
            return !holds(condition.get("Fn::Not").get(0));
        }
        if (condition.has("Fn::And")) {
            boolean all = true;
            for (JsonNode part : condition.get("Fn::And")) {
                all &= holds(part);
            }
            return all;
        }
        if (condition.has("Fn::Or")) {
            boolean any = false;
            for (JsonNode part : condition.get("Fn::Or")) {
                any |= holds(part);
            }
            return any;
        }
        if (condition.has("Condition")) {
            return condition(condition.get("Condition").asText());
        }
        throw new IllegalArgumentException("not a condition this reader knows: " + condition);
    }

    /** The node as deployed; null for AWS::NoValue. */
    private JsonNode resolve(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                JsonNode resolved = resolve(element);
                if (resolved != null) {
                    out.add(resolved);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1 && node.has("Fn::If")) {
            JsonNode choice = node.get("Fn::If");
            return resolve(condition(choice.get(0).asText()) ? choice.get(1) : choice.get(2));
        }
        if (node.size() == 1 && node.has("Ref")) {
            String name = node.get("Ref").asText();
            if (name.equals("AWS::NoValue")) {
                return null;
            }
            String value = parameters.containsKey(name) ? parameters.get(name) : PSEUDO.get(name);
            return value == null ? node : TextNode.valueOf(value);
        }
        if (node.size() == 1 && node.has("Fn::Sub")) {
            return substitute(node);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(field -> {
            JsonNode resolved = resolve(field.getValue());
            if (resolved != null) {
                out.set(field.getKey(), resolved);
            }
        });
        return out;
    }

    /** An Fn::Sub with every parameter, pseudo parameter and given variable replaced; resources' stay placeholders. */
    private JsonNode substitute(JsonNode node) {
        JsonNode sub = node.get("Fn::Sub");
        String text = sub.isTextual() ? sub.asText() : sub.get(0).asText();
        Map<String, String> variables = new HashMap<>();
        if (sub.isArray()) {
            sub.get(1).properties().forEach(v -> variables.put(v.getKey(), resolve(v.getValue()).asText()));
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean whole = true;
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value = variables.containsKey(name) ? variables.get(name)
                    : parameters.containsKey(name) ? parameters.get(name) : PSEUDO.get(name);
            whole &= value != null;
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value == null ? placeholder.group() : value));
        }
        placeholder.appendTail(out);
        if (!whole) {
            ObjectNode partly = JsonNodeFactory.instance.objectNode();
            partly.put("Fn::Sub", out.toString());
            return partly;
        }
        return TextNode.valueOf(out.toString());
    }
}
