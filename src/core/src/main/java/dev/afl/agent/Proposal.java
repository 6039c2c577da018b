package dev.afl.agent;

import dev.afl.AgentTrace;

/** The recommendation agent's answer: one candidate (stable id) and its reason. */
public record Proposal(String itemId, String reason, AgentTrace trace) {
}
