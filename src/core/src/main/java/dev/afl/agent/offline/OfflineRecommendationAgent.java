package dev.afl.agent.offline;

import dev.afl.AgentTrace;
import dev.afl.agent.ItemLabels;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.catalog.Item;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A recommendation agent without an LLM (it reads no prompt, whatever the prompt set): the recommendation model's
 * best candidate not yet rejected ({@link RecommendationTask#firstOpen()}, not the fixed top-1 the paper's LLM agent
 * is shown in every round), except that candidates the user named as preferred in the latest rejection come first
 * (best by the model among them). Preferences are read from the user's reason text, so it works with an LLM user
 * agent too.
 */
public final class OfflineRecommendationAgent implements RecommendationAgent {

    @Override
    public Proposal propose(RecommendationTask task) {
        List<Item> open = task.openRanking();
        if (!task.memory().isEmpty()) {
            MemoryEntry last = task.memory().getLast();
            String said = last.userReason().toLowerCase(Locale.ROOT);
            for (Item item : open) {
                if (mentions(said, ItemLabels.of(item).toLowerCase(Locale.ROOT))) {
                    return new Proposal(item.id(), "The user asked for \"" + ItemLabels.of(item) + "\" after"
                            + " rejecting \"" + last.item() + "\", and among the items the user prefers the"
                            + " recommendation model ranks it highest.", AgentTrace.offline("model-rank+feedback"));
                }
            }
        }
        Item best = task.firstOpen();
        int rank = task.modelRanking().indexOf(best) + 1;
        return new Proposal(best.id(), "The recommendation model ranks \"" + ItemLabels.of(best) + "\" " + rank
                + " of " + task.candidates().size() + " for this history"
                + (rank > 1 ? ", and the user rejected the ones ranked above it." : "."),
                AgentTrace.offline("model-rank+feedback"));
    }

    /** The recommendation model's top candidates (the candidate order without a model). */
    @Override
    public Shortlist shortlist(RecommendationTask task, int size) {
        List<String> top = task.modelRanking().stream().limit(size).map(Item::id).toList();
        return new Shortlist(top, task.hasModel() ? "The recommendation model's top " + top.size() + "."
                : "The first " + top.size() + " candidates.", AgentTrace.offline("model-rank"));
    }

    /** A quoted label, or a label of four or more characters standing as whole words. */
    static boolean mentions(String text, String label) {
        if (text.contains("\"" + label + "\"")) {
            return true;
        }
        return label.length() >= 4 && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(label)
                + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }

    @Override
    public String kind() {
        return AgentTrace.OFFLINE;
    }
}
