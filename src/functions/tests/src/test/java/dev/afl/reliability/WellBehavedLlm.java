package dev.afl.reliability;

import dev.afl.agent.llm.PromptText;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A stand-in LLM that always keeps the output contract, so every agent turn costs exactly one call: the
 * recommender names a candidate not yet rejected (chosen from the prompt's history), the user accepts about one
 * proposal in three. Answers depend on the prompt alone, so a session replayed gets the same transcript.
 */
public final class WellBehavedLlm implements Function<String, String> {

    @Override
    public String apply(String prompt) {
        List<String> candidates = PromptText.items(prompt, "candidates");
        int taste = Math.floorMod(String.join("|", PromptText.items(prompt, "history")).hashCode(), 1_000_003);
        String item = PromptText.block(prompt, "recommended-item");
        if (item != null) {
            boolean yes = Math.floorMod((item + taste).hashCode(), 3) == 0;
            return "Reason: " + (yes ? "that is my kind of thing." : "not quite what I like.") + "\nDecision: "
                    + (yes ? "yes" : "no");
        }
        String memory = Objects.requireNonNullElse(PromptText.block(prompt, "memory"), "");
        for (int i = 0; i < candidates.size(); i++) {
            String candidate = candidates.get((taste + i) % candidates.size());
            if (!rejected(memory, candidate)) {
                return "Reason: it fits the listening history.\nItem: " + candidate;
            }
        }
        return "Reason: nothing is left.\nItem: " + candidates.getFirst();
    }

    /** Whether the memory names the candidate as recommended, in any prompt set's memory wording. */
    private static boolean rejected(String memory, String candidate) {
        String title = candidate.contains(" (id ") ? candidate.substring(0, candidate.indexOf(" (id ")) : candidate;
        return memory.contains("you recommended \"" + title + "\"") || memory.contains("you recommended is " + title
                + ".");
    }
}
