package dev.afl.api;

import dev.afl.loop.StepObserver;
import dev.afl.loop.StepRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The API's per-step metrics (/q/metrics), from the loop's {@link StepObserver}: a timer per step and outcome
 * ({@code afl_step_seconds}), LLM tokens ({@code afl_step_tokens_total}) and fallbacks ({@code afl_step_fallbacks_total})
 * per step. The functions report the same records as CloudWatch EMF (StepTelemetry).
 */
@Singleton
public class StepMeters implements StepObserver {

    private final MeterRegistry registry;

    @Inject
    public StepMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void played(StepRecord record) {
        String step = record.step().label();
        Timer.builder("afl.step").description("A loop step played, from reading the session to its write")
                .tag("step", step).tag("outcome", record.outcome()).register(registry).record(record.duration());
        Counter.builder("afl.step.tokens").description("LLM tokens spent by the loop's steps").tag("step", step)
                .register(registry).increment(record.tokens());
        if (record.fallback()) {
            Counter.builder("afl.step.fallbacks").description("Steps answered by an agent's named fallback")
                    .tag("step", step).register(registry).increment();
        }
    }
}
