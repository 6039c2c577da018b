package dev.afl.agent;

import dev.afl.AgentTrace;

/** The user agent's answer: accept or reject, with the user's reason. */
public record Judgement(boolean accepted, String reason, AgentTrace trace) {
}
