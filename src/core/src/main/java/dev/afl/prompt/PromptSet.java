package dev.afl.prompt;

import dev.afl.AflException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A named set of prompt templates, one folder {@code prompts/<name>/} each, chosen per run ({@code afl.prompt-set},
 * {@code AFL_PROMPT_SET}, {@code --prompt-set}). The sets differ in wording and in the two rules the wording
 * implies; everything that protects the output contract (data fences, re-asks, the named fallbacks) is shared.
 */
public enum PromptSet {

    /**
     * The paper's Tables 1 and 2 word for word: the recommendation model's suggestion in every round (Algorithm 1,
     * line 5), a rejected item may be proposed again, the user agent sees the reward model's score alone.
     */
    PAPER("paper", true, false),

    /**
     * The authors' released code, transcribed: the suggestion in round 1 only, its user agent sees the
     * recommendation model's answer and a focus list but neither the reward score nor its memory.
     */
    REFERENCE_CODE("reference-code", true, true),

    /**
     * This project's wording before the paper set existed: the suggestion in round 1 only, the user agent sees the
     * reward score with its rank, the best and the median, and a rejected item is never proposed again.
     */
    EXTENDED("extended", false, false);

    private final String id;
    private final boolean rejectedMayReturn;
    private final boolean userSeesRecommendationModel;

    PromptSet(String id, boolean rejectedMayReturn, boolean userSeesRecommendationModel) {
        this.id = id;
        this.rejectedMayReturn = rejectedMayReturn;
        this.userSeesRecommendationModel = userSeesRecommendationModel;
    }

    /** The name users write and outputs show, also the resource folder's. */
    public String id() {
        return id;
    }

    /**
     * Whether the recommendation agent may propose an item the user already rejected (the paper lets it try to
     * persuade the user agent); when not, such an answer is re-asked.
     */
    public boolean rejectedMayReturn() {
        return rejectedMayReturn;
    }

    /**
     * Whether the user agent is shown the recommendation model's top-1 ({@code I_m}) when it judges: only the
     * released code's is ("The music artist you might like is: ...").
     */
    public boolean userSeesRecommendationModel() {
        return userSeesRecommendationModel;
    }

    /** The set named {@code name}; an unknown name is refused with the choices. */
    public static PromptSet byId(String name) {
        String wanted = name == null ? "" : name.strip();
        for (PromptSet set : values()) {
            if (set.id.equals(wanted)) {
                return set;
            }
        }
        throw new AflException("Unknown prompt set '" + wanted + "': choose " + choices()
                + " (afl.prompt-set, AFL_PROMPT_SET or --prompt-set).");
    }

    /** The names, as an error message lists them. */
    public static String choices() {
        return Arrays.stream(values()).map(PromptSet::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
