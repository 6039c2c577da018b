package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.loop.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A played step's two records: the EMF line CloudWatch extracts the metrics from, and the log line the JSON console
 * formatter (the one quarkus-logging-json installs in Lambda) writes with the step's fields.
 */
class StepTelemetryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StepRecord RECOMMEND = new StepRecord("s-telemetry", 2, StepRecord.Kind.RECOMMEND,
            Duration.ofNanos(12_345_678), 410, 35, true, "proposed");

    /** The JSON lines the formatter Quarkus uses in Lambda writes for the records of category dev.afl.step. */
    final List<String> jsonLines = new ArrayList<>();
    final Handler capture = new Handler() {
        final io.quarkus.logging.json.runtime.JsonFormatter formatter = new io.quarkus.logging.json.runtime.JsonFormatter();

        @Override
        public void publish(LogRecord record) {
            // Formatted at once, on the logging thread, as the console handler does (the MDC is the thread's).
            jsonLines.add(formatter.format(record).strip());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger stepLogger = Logger.getLogger(StepTelemetry.CATEGORY);

    @BeforeEach
    void captureLog() {
        assertThat(stepLogger).as("the JBoss log manager, as in Quarkus (Surefire sets java.util.logging.manager)")
                .isInstanceOf(org.jboss.logmanager.Logger.class);
        stepLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        stepLogger.removeHandler(capture);
    }

    @Test
    void theMetricsLineIsValidEmbeddedMetricFormatWithTheStepsValues() throws Exception {
        String line = new StepMetrics(JSON).line(RECOMMEND, "afl-RecommendFunction-1A2B", 1_765_000_000_123L);

        assertThat(EmbeddedMetricFormat.problems(line)).as(line).isEmpty();
        JsonNode emf = JSON.readTree(line);
        JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
        assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(1_765_000_000_123L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("AFL");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Function\",\"Step\"]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"StepDuration\",\"Unit\":\"Milliseconds\"},"
                + "{\"Name\":\"Tokens\",\"Unit\":\"Count\"},{\"Name\":\"Fallback\",\"Unit\":\"Count\"}]");
        assertThat(emf.get("Function").asText()).isEqualTo("afl-RecommendFunction-1A2B");
        assertThat(emf.get("Step").asText()).isEqualTo("recommend");
        assertThat(emf.get("StepDuration").asDouble()).isEqualTo(12.345);
        assertThat(emf.get("Tokens").asLong()).isEqualTo(445);
        assertThat(emf.get("Fallback").asInt()).isEqualTo(1);
        assertThat(emf.get("sessionId").asText()).isEqualTo("s-telemetry");
        assertThat(emf.get("round").asInt()).isEqualTo(2);
        assertThat(emf.get("outcome").asText()).isEqualTo("proposed");

        StepRecord reward = new StepRecord("s-telemetry", 2, StepRecord.Kind.REWARD, Duration.ofMillis(3), 0, 0, false,
                "scored");
        JsonNode rewardEmf = JSON.readTree(new StepMetrics(JSON).line(reward, "reward", 1L));
        assertThat(rewardEmf.get("Fallback").asInt()).isZero();
        assertThat(rewardEmf.get("Tokens").asLong()).isZero();
        assertThat(rewardEmf.get("Step").asText()).isEqualTo("reward");
    }

    @Test
    void theCheckRefusesWhatCloudWatchWouldNotExtract() {
        String valid = new StepMetrics(JSON).line(RECOMMEND, "recommend", 1L);
        assertThat(EmbeddedMetricFormat.problems(valid)).isEmpty();
        // Each of these would be stored as a plain log line with no metric: the check must see it.
        assertThat(EmbeddedMetricFormat.problems("INFO " + valid)).isNotEmpty();
        assertThat(EmbeddedMetricFormat.problems(valid.replace("\"Step\":\"recommend\"", "\"Step\":7"))).isNotEmpty();
        assertThat(EmbeddedMetricFormat.problems(valid.replace("\"Tokens\":445", "\"Tokens\":\"445\""))).isNotEmpty();
        assertThat(EmbeddedMetricFormat.problems(valid.replace("\"Milliseconds\"", "\"ms\""))).isNotEmpty();
        assertThat(EmbeddedMetricFormat.problems(valid.replace("\"Timestamp\":1,", ""))).isNotEmpty();
        assertThat(EmbeddedMetricFormat.problems(valid.replace("{\"_aws\":{", "{\"_aws\":{\"Extra\":1,")))
                .isNotEmpty();
    }

    @Test
    void aPlayedStepWritesOneJsonLogLineWithItsFieldsAndOneMetricsLine() throws Exception {
        StepTelemetry telemetry = new StepTelemetry(JSON, "recommend");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            telemetry.played(RECOMMEND);
        } finally {
            System.setOut(stdout);
        }

        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).as("stdout: the EMF record only").hasSize(1);
        assertThat(EmbeddedMetricFormat.problems(lines[0])).isEmpty();

        assertThat(jsonLines).hasSize(1);
        JsonNode log = JSON.readTree(jsonLines.getFirst());
        assertThat(log.get("loggerName").asText()).isEqualTo("dev.afl.step");
        assertThat(log.get("level").asText()).isEqualTo("INFO");
        assertThat(log.get("message").asText())
                .isEqualTo("recommend of session s-telemetry, round 2: proposed in 12.3 ms, 410+35 tokens, fallback");
        JsonNode mdc = log.get("mdc");
        assertThat(mdc.get("sessionId").asText()).isEqualTo("s-telemetry");
        assertThat(mdc.get("round").asText()).isEqualTo("2");
        assertThat(mdc.get("step").asText()).isEqualTo("recommend");
        assertThat(mdc.get("durationMs").asText()).isEqualTo("12.345");
        assertThat(mdc.get("inputTokens").asText()).isEqualTo("410");
        assertThat(mdc.get("outputTokens").asText()).isEqualTo("35");
        assertThat(mdc.get("tokens").asText()).isEqualTo("445");
        assertThat(mdc.get("fallback").asText()).isEqualTo("true");
        assertThat(mdc.get("outcome").asText()).isEqualTo("proposed");
        assertThat(mdc.get("function").asText()).isEqualTo("recommend");
        // The fields are the step's only: the thread's MDC is left as it was for the next event.
        assertThat(MDC.getMap()).doesNotContainKeys("sessionId", "round", "step", "durationMs");
    }

    @Test
    void theFunctionDimensionIsTheDeployedFunctionsName() {
        assertThat(StepTelemetry.functionName("afl-JudgeFunction-9Z", "judge")).isEqualTo("afl-JudgeFunction-9Z");
        assertThat(StepTelemetry.functionName(null, "judge")).isEqualTo("judge");
        assertThat(StepTelemetry.functionName(" ", null)).isEqualTo("local");
    }
}
