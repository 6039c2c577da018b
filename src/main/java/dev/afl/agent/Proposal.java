package dev.afl.agent;

/** The recommendation agent's answer: one candidate (stable id) and its reason. */
public record Proposal(String itemId, String reason, AgentTrace trace) {
}
