package dev.afl.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The structure CloudWatch's embedded metric format specification requires of a log event, checked the way
 * CloudWatch Logs would before extracting metrics: the event is one JSON object and nothing else; {@code _aws}
 * holds a millisecond {@code Timestamp} and {@code CloudWatchMetrics}, an array of metric directives; a directive
 * holds a {@code Namespace}, {@code Dimensions} (sets of at most 30 keys) and {@code Metrics} (at most 100
 * definitions of a {@code Name}, an optional standard {@code Unit} and an optional {@code StorageResolution} of 1 or
 * 60), and no other member; each dimension key names a root member holding a string, each metric a root member
 * holding a number or an array of at most 100 numbers. Spec: CloudWatch_Embedded_Metric_Format_Specification.html.
 */
final class EmbeddedMetricFormat {

    /** CloudWatch's standard units (the StandardUnit enumeration of PutMetricData). */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedMetricFormat() {
    }

    /** What is wrong with the log event as an EMF document; empty when CloudWatch would extract its metrics. */
    static List<String> problems(String logEvent) {
        List<String> problems = new ArrayList<>();
        if (logEvent.contains("\n") || logEvent.contains("\r")) {
            problems.add("the event spans several lines (Lambda would cut it into several log events)");
        }
        JsonNode root;
        try {
            // readTree refuses trailing content only when asked: a document must be the whole event.
            root = JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(logEvent.strip());
        } catch (java.io.IOException e) {
            problems.add("not one JSON object: " + e.getMessage());
            return problems;
        }
        if (!logEvent.equals(logEvent.strip()) || root == null || !root.isObject()) {
            problems.add("the event is not one JSON object alone");
            return problems;
        }
        JsonNode aws = root.get("_aws");
        if (aws == null || !aws.isObject()) {
            problems.add("no _aws metadata object");
            return problems;
        }
        onlyMembers(aws, "_aws", Set.of("Timestamp", "CloudWatchMetrics"), problems);
        JsonNode timestamp = aws.get("Timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || timestamp.asLong() < 0) {
            problems.add("_aws.Timestamp must be a non-negative integer (milliseconds since the epoch)");
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray()) {
            problems.add("_aws.CloudWatchMetrics must be an array of metric directives");
            return problems;
        }
        for (JsonNode directive : directives) {
            directive(root, directive, problems);
        }
        return problems;
    }

    private static void directive(JsonNode root, JsonNode directive, List<String> problems) {
        if (!directive.isObject()) {
            problems.add("a metric directive is not an object");
            return;
        }
        onlyMembers(directive, "metric directive", Set.of("Namespace", "Dimensions", "Metrics"), problems);
        JsonNode namespace = directive.get("Namespace");
        if (namespace == null || !namespace.isTextual() || namespace.asText().isEmpty()
                || namespace.asText().length() > 1024 || namespace.asText().startsWith(":")) {
            problems.add("Namespace must be a string of 1-1024 characters not starting with ':'");
        }
        JsonNode dimensions = directive.get("Dimensions");
        if (dimensions == null || !dimensions.isArray()) {
            problems.add("Dimensions must be an array of dimension sets");
        } else {
            for (JsonNode set : dimensions) {
                if (!set.isArray() || set.size() > 30) {
                    problems.add("a dimension set must be an array of at most 30 keys");
                    continue;
                }
                for (JsonNode key : set) {
                    JsonNode value = key.isTextual() ? root.get(key.asText()) : null;
                    if (!key.isTextual() || key.asText().isEmpty() || key.asText().length() > 250) {
                        problems.add("a dimension key must be a string of 1-250 characters: " + key);
                    } else if (value == null || !value.isTextual() || value.asText().isEmpty()
                            || value.asText().length() > 1024) {
                        problems.add("dimension '" + key.asText() + "' must name a root member holding a string of"
                                + " 1-1024 characters, found " + value);
                    }
                }
            }
        }
        JsonNode metrics = directive.get("Metrics");
        if (metrics == null || !metrics.isArray() || metrics.size() > 100) {
            problems.add("Metrics must be an array of at most 100 metric definitions");
            return;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode metric : metrics) {
            onlyMembers(metric, "metric definition", Set.of("Name", "Unit", "StorageResolution"), problems);
            JsonNode name = metric.get("Name");
            if (name == null || !name.isTextual() || name.asText().isEmpty() || name.asText().length() > 1024) {
                problems.add("a metric definition needs a Name of 1-1024 characters");
                continue;
            }
            if (!names.add(name.asText())) {
                problems.add("metric '" + name.asText() + "' is defined twice");
            }
            JsonNode unit = metric.get("Unit");
            if (unit != null && !(unit.isTextual() && UNITS.contains(unit.asText()))) {
                problems.add("metric '" + name.asText() + "' has a unit CloudWatch does not know: " + unit);
            }
            JsonNode resolution = metric.get("StorageResolution");
            if (resolution != null && !(resolution.isInt() && (resolution.asInt() == 1 || resolution.asInt() == 60))) {
                problems.add("metric '" + name.asText() + "' StorageResolution must be 1 or 60");
            }
            JsonNode value = root.get(name.asText());
            boolean numbers = value != null && (value.isNumber() || value.isArray() && value.size() <= 100
                    && allNumbers(value));
            if (!numbers) {
                problems.add("metric '" + name.asText() + "' must name a root member holding a number or an array of"
                        + " at most 100 numbers, found " + value);
            }
        }
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void onlyMembers(JsonNode object, String what, Set<String> allowed, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(what + " has a member the specification does not define: " + name);
            }
        }
    }
}
