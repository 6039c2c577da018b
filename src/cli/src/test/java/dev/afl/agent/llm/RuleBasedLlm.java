package dev.afl.agent.llm;

import java.util.List;
import java.util.function.Function;

/**
 * A stand-in LLM for long scripted runs: it answers each prompt from its text alone (the same prompt always
 * gets the same answer), reading the candidates from the prompt's data block (whichever prompt set laid it out), and
 * answers some prompts badly
 * on purpose (no contract line, an undecidable decision, a title that is not a candidate) so the re-ask path
 * runs too.
 */
public final class RuleBasedLlm implements Function<String, String> {

    @Override
    public String apply(String prompt) {
        int hash = Math.floorMod(prompt.hashCode(), 1_000_003);
        boolean correction = prompt.contains("could not be used");
        boolean misbehave = !correction && hash % 7 == 0;
        List<String> candidates = PromptText.items(prompt, "candidates");
        if (prompt.contains("Item lines")) {
            if (misbehave) {
                return "Reason: too many good ones.\nItem: " + candidates.getFirst();
            }
            StringBuilder answer = new StringBuilder("Reason: these fit the history best.\n");
            for (int i = 0; i < 5; i++) {
                answer.append("Item: ").append(candidates.get((hash + i) % candidates.size())).append('\n');
            }
            return answer.toString();
        }
        if (prompt.contains("Item: <")) {
            if (misbehave) {
                return hash % 2 == 0 ? "I would recommend something upbeat." : "Reason: a classic.\nItem: Not A Candidate";
            }
            return "Reason: it matches the user's recent taste.\nItem: " + candidates.get(hash % candidates.size());
        }
        if (misbehave) {
            return "Reason: hard to say.\nDecision: maybe";
        }
        return "Reason: " + (hash % 3 == 0 ? "not for me." : "sounds good.") + "\nDecision: "
                + (hash % 3 == 0 ? "no" : "yes");
    }
}
