package dev.afl.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in LLM that always keeps the output contract, so every agent turn costs exactly one call: the
 * recommender names a candidate not yet rejected (chosen from the prompt's history), the user accepts about one
 * proposal in three. Answers depend on the prompt alone, so a session replayed gets the same transcript.
 */
public final class WellBehavedLlm implements Function<String, String> {

    private static final Pattern REJECTED = Pattern.compile("you recommended \"(.*?)\" because");

    @Override
    public String apply(String prompt) {
        List<String> candidates = block(prompt, "candidates");
        int taste = Math.floorMod(String.join("|", block(prompt, "history")).hashCode(), 1_000_003);
        if (prompt.contains("<data name=\"recommended-item\">")) {
            String item = prompt.substring(prompt.indexOf("<data name=\"recommended-item\">"));
            boolean yes = Math.floorMod((item.substring(0, item.indexOf("</data>")) + taste).hashCode(), 3) == 0;
            return "Reason: " + (yes ? "that is my kind of thing." : "not quite what I like.") + "\nDecision: "
                    + (yes ? "yes" : "no");
        }
        List<String> rejected = new ArrayList<>();
        Matcher matcher = REJECTED.matcher(prompt);
        while (matcher.find()) {
            rejected.add(matcher.group(1));
        }
        for (int i = 0; i < candidates.size(); i++) {
            String candidate = candidates.get((taste + i) % candidates.size());
            if (rejected.stream().noneMatch(r -> candidate.equals(r) || candidate.startsWith(r + " (id "))) {
                return "Reason: it fits the listening history.\nItem: " + candidate;
            }
        }
        return "Reason: nothing is left.\nItem: " + candidates.getFirst();
    }

    private static List<String> block(String prompt, String name) {
        int start = prompt.indexOf("<data name=\"" + name + "\">");
        List<String> lines = new ArrayList<>();
        if (start < 0) {
            return lines;
        }
        for (String line : prompt.substring(start, prompt.indexOf("</data>", start)).split("\n")) {
            if (line.startsWith("- ")) {
                lines.add(line.substring(2));
            }
        }
        return lines;
    }
}
