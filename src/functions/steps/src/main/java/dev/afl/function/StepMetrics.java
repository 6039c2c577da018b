package dev.afl.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.loop.StepRecord;

/**
 * A step's metrics as one CloudWatch embedded metric format (EMF) document: CloudWatch Logs extracts the metrics
 * from the log line itself, so a function publishes them by printing it, with no API call, client or permission.
 * Namespace {@value #NAMESPACE}, dimensions {@code Function} and {@code Step}; metrics {@code StepDuration}
 * (milliseconds), {@code Tokens} (the step's LLM tokens) and {@code Fallback} (1 when an agent fell back, so the
 * sum counts fallbacks and the average is their rate). The session, round, outcome and token split ride along as
 * plain members: searchable in Logs Insights, not dimensions (a session id per metric would be a metric per session).
 *
 * <p>A small writer rather than Powertools' metrics module: that brings aws-embedded-metrics, commons-lang3 and an
 * environment probe for three numbers per step, and its flush-per-invocation wants AspectJ or a call in every handler.
 */
final class StepMetrics {

    static final String NAMESPACE = "AFL";

    private final ObjectMapper json;

    StepMetrics(ObjectMapper json) {
        this.json = json;
    }

    /** The EMF document of one played step, on one line (a log event must be one JSON object, nothing around it). */
    String line(StepRecord step, String function, long epochMillis) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function").add("Step");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "StepDuration").put("Unit", "Milliseconds");
        metrics.addObject().put("Name", "Tokens").put("Unit", "Count");
        metrics.addObject().put("Name", "Fallback").put("Unit", "Count");
        root.put("Function", function);
        root.put("Step", step.step().label());
        root.put("StepDuration", millis(step));
        root.put("Tokens", step.tokens());
        root.put("Fallback", step.fallback() ? 1 : 0);
        root.put("sessionId", step.sessionId());
        root.put("round", step.round());
        root.put("outcome", step.outcome());
        root.put("inputTokens", step.inputTokens());
        root.put("outputTokens", step.outputTokens());
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // A tree of strings and numbers always serialises; reaching this is a bug.
            throw new IllegalStateException("cannot write the step's metrics", e);
        }
    }

    /** The step's wall time in milliseconds, to the microsecond. */
    static double millis(StepRecord step) {
        return step.duration().toNanos() / 1000 / 1000.0;
    }
}
