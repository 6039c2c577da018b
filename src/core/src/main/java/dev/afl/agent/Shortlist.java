package dev.afl.agent;

import dev.afl.AgentTrace;
import java.util.List;

/** The recommendation agent's best few candidates (stable ids, best first) with its reason. */
public record Shortlist(List<String> itemIds, String reason, AgentTrace trace) {

    public Shortlist {
        itemIds = List.copyOf(itemIds);
    }
}
