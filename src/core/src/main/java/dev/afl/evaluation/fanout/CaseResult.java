package dev.afl.evaluation.fanout;

import dev.afl.evaluation.recommendation.CaseOutcome;

/** One per-case result line, {@code {"caseId": ..., "result": ...}}: what a fan-out item returns and writes. */
public record CaseResult(String caseId, CaseOutcome result) {
}
