package dev.afl.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.loop.StepObserver;
import dev.afl.loop.StepRecord;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What a function tells operators about each step it plays: one log line through category {@value #CATEGORY}, its
 * fields in the MDC (a JSON console log, {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true} in the template, writes
 * them under {@code mdc}), and one embedded-metric-format record on stdout, where CloudWatch Logs extracts the
 * metrics ({@link StepMetrics}). A step found stored is not played, so a retried delivery adds neither.
 */
@Singleton
public class StepTelemetry implements StepObserver {

    static final String CATEGORY = "dev.afl.step";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final StepMetrics metrics;
    private final String function;

    @Inject
    public StepTelemetry(ObjectMapper json,
            @ConfigProperty(name = "quarkus.lambda.handler") Optional<String> handler) {
        this(json, functionName(System.getenv("AWS_LAMBDA_FUNCTION_NAME"), handler.orElse(null)));
    }

    StepTelemetry(ObjectMapper json, String function) {
        this.metrics = new StepMetrics(json);
        this.function = function;
    }

    /**
     * The {@code Function} dimension: the deployed function's name, as Lambda's own metrics name it, else (tests,
     * benchmarks) the handler's, else {@code local}.
     */
    static String functionName(String lambdaFunctionName, String handler) {
        if (lambdaFunctionName != null && !lambdaFunctionName.isBlank()) {
            return lambdaFunctionName;
        }
        return handler != null && !handler.isBlank() ? handler : "local";
    }

    String function() {
        return function;
    }

    @Override
    public void played(StepRecord step) {
        log(step);
        // Looked up at each step, not kept: stdout is where Lambda's log capture (and a test) reads it.
        System.out.println(metrics.line(step, function, System.currentTimeMillis()));
    }

    /** The step's log line: a sentence for people, its fields in the MDC for queries. */
    void log(StepRecord step) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> fields = fields(step, function);
        fields.forEach(MDC::put);
        try {
            LOG.info(String.format(Locale.ROOT, "%s of session %s, round %d: %s in %.1f ms, %d+%d tokens%s",
                    step.step().label(), step.sessionId(), step.round(), step.outcome(), StepMetrics.millis(step),
                    step.inputTokens(), step.outputTokens(), step.fallback() ? ", fallback" : ""));
        } finally {
            // Only ours: the MDC is the thread's, and Lambda reuses the thread for the next event.
            fields.keySet().forEach(MDC::remove);
        }
    }

    /** The log line's fields, in the order they read best. */
    static Map<String, Object> fields(StepRecord step, String function) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sessionId", step.sessionId());
        fields.put("round", step.round());
        fields.put("step", step.step().label());
        fields.put("durationMs", StepMetrics.millis(step));
        fields.put("inputTokens", step.inputTokens());
        fields.put("outputTokens", step.outputTokens());
        fields.put("tokens", step.tokens());
        fields.put("fallback", step.fallback());
        fields.put("outcome", step.outcome());
        fields.put("function", function);
        return fields;
    }
}
