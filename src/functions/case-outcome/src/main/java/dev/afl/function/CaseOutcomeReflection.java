package dev.afl.function;

import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.recommendation.CaseOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What this function reads and writes as JSON beyond every function's records ({@link StoredRecordReflection}): the
 * case file's line in its event and the case's outcome it returns, registered for a native image (the core's records
 * are not in the Jandex index, so the Lambda extension does not reach them from the handler's signature). JVM builds
 * ignore it.
 */
@RegisterForReflection(targets = {FanOutCase.class, CandidateLists.class, CaseResult.class, CaseOutcome.class,
        CaseOutcome.JudgementRecord.class, Usage.class})
public final class CaseOutcomeReflection {

    private CaseOutcomeReflection() {
    }
}
