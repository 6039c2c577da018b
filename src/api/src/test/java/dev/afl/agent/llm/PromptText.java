package dev.afl.agent.llm;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a rendered prompt the way the tests' stand-in LLMs need to: the contents of its {@code <data>} blocks,
 * whichever prompt set laid them out (one {@code - title} line per item, or titles joined by ", ").
 */
public final class PromptText {

    private PromptText() {
    }

    /** The text inside {@code <data name="name">...</data>}, or null when the prompt has no such block. */
    public static String block(String prompt, String name) {
        int start = prompt.indexOf("<data name=\"" + name + "\">");
        if (start < 0) {
            return null;
        }
        int from = prompt.indexOf('>', start) + 1;
        return prompt.substring(from, prompt.indexOf("</data>", from));
    }

    /**
     * The items of a list block: its {@code - } lines, else its ", "-separated titles (a title that itself holds
     * ", " comes out in pieces, which the agents' matching reads back as that title or re-asks); empty when absent.
     */
    public static List<String> items(String prompt, String name) {
        String text = block(prompt, name);
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> lines = text.lines().filter(line -> line.startsWith("- ")).map(line -> line.substring(2)).toList();
        return !lines.isEmpty() ? lines : Arrays.stream(text.strip().split(", ")).toList();
    }
}
