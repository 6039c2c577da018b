package dev.afl.agent.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two output contracts, {@code Reason: ... / Item: ...} and {@code Reason: ... / Decision: yes|no},
 * tolerantly: any case, markdown emphasis, bullets, quotes, trailing punctuation, extra lines around. It only
 * ever reads the model's reply, so text inside titles or reasons cannot change the contract; a reply that
 * names two different items or decisions is refused rather than guessed at.
 */
public final class ReplyParser {

    /** Longest answer read; anything beyond is ignored (a runaway reply must not cost unbounded work). */
    static final int MAX_REPLY = 200_000;

    private static final Pattern KEY_LINE = Pattern.compile(
            "^[\\s>#*_`\\-•]*(reason|item|decision)[\\s*_`]*[:\uFF1A][\\s*_`]*(.*)$", Pattern.CASE_INSENSITIVE);

    private ReplyParser() {
    }

    /** The item text of an {@code Item:} answer (not yet matched to a candidate). */
    public static Parsed<String> item(String reply) {
        Fields fields = fields(reply);
        if (fields.empty) {
            return Parsed.invalid("the answer was empty");
        }
        List<String> items = fields.values("item").stream().map(ReplyParser::cleanValue)
                .filter(value -> !value.isEmpty()).toList();
        if (items.isEmpty()) {
            return Parsed.invalid("it has no line starting with 'Item:' that names a candidate");
        }
        if (items.stream().map(value -> value.toLowerCase(Locale.ROOT)).distinct().count() > 1) {
            return Parsed.invalid("it names more than one item (" + String.join(" / ", items.subList(0,
                    Math.min(3, items.size()))) + "); name exactly one candidate");
        }
        return new Parsed.Valid<>(items.getFirst(), fields.reason());
    }

    /** The item texts of a list answer, one {@code Item:} line each, in order; exactly {@code count} distinct. */
    public static Parsed<List<String>> items(String reply, int count) {
        Fields fields = fields(reply);
        if (fields.empty) {
            return Parsed.invalid("the answer was empty");
        }
        List<String> items = fields.values("item").stream().map(ReplyParser::cleanValue)
                .filter(value -> !value.isEmpty()).toList();
        if (items.stream().map(value -> value.toLowerCase(Locale.ROOT)).distinct().count() != items.size()) {
            return Parsed.invalid("it names the same item twice; name " + count + " different candidates");
        }
        if (items.size() != count) {
            return Parsed.invalid("it has " + items.size() + " lines starting with 'Item:', not " + count);
        }
        return new Parsed.Valid<>(items, fields.reason());
    }

    /** The yes/no of a {@code Decision:} answer. */
    public static Parsed<Boolean> decision(String reply) {
        Fields fields = fields(reply);
        if (fields.empty) {
            return Parsed.invalid("the answer was empty");
        }
        List<String> decisions = fields.values("decision");
        if (decisions.isEmpty()) {
            return Parsed.invalid("it has no line starting with 'Decision:'");
        }
        List<Boolean> read = new ArrayList<>();
        for (String decision : decisions) {
            String word = cleanValue(decision).toLowerCase(Locale.ROOT).replaceAll("^[^a-z]+", "")
                    .replaceAll("[^a-z].*$", "");
            switch (word) {
                case "yes", "y" -> read.add(true);
                case "no", "n" -> read.add(false);
                default -> {
                    return Parsed.invalid("its decision '" + cleanValue(decision) + "' is neither yes nor no");
                }
            }
        }
        if (read.stream().distinct().count() > 1) {
            return Parsed.invalid("it gives both yes and no; decide once");
        }
        return new Parsed.Valid<>(read.getFirst(), fields.reason());
    }

    /** Quotes, emphasis, list numbering and trailing punctuation around a value are not part of it. */
    static String cleanValue(String value) {
        String cleaned = value.strip();
        String previous;
        do {
            previous = cleaned;
            cleaned = cleaned.replaceAll("^[\\s*_`\"\u201C\u201D\u2018\u2019\u00AB\u00BB]+", "")
                    .replaceAll("[\\s*_`\"\u201C\u201D\u2018\u2019\u00AB\u00BB]+$", "")
                    .replaceAll("[.,;:!]+$", "")
                    .replaceAll("^\\d{1,2}[.)]\\s+", "");
            // Brackets are part of many titles ("Star Wars (1977)"): drop them only when they wrap it all.
            if (cleaned.length() > 1 && (cleaned.startsWith("[") && cleaned.endsWith("]")
                    || cleaned.startsWith("(") && cleaned.endsWith(")") && cleaned.indexOf(')') == cleaned.length() - 1)) {
                cleaned = cleaned.substring(1, cleaned.length() - 1);
            }
            if (cleaned.length() > 1 && cleaned.startsWith("'") && cleaned.endsWith("'")) {
                cleaned = cleaned.substring(1, cleaned.length() - 1);
            }
        } while (!cleaned.equals(previous));
        return cleaned;
    }

    private record Fields(boolean empty, List<String[]> entries, String reasonText) {

        List<String> values(String key) {
            return entries.stream().filter(entry -> entry[0].equals(key)).map(entry -> entry[1]).toList();
        }

        String reason() {
            return reasonText;
        }
    }

    private static Fields fields(String reply) {
        if (reply == null || reply.isBlank()) {
            return new Fields(true, List.of(), "");
        }
        String text = reply.length() > MAX_REPLY ? reply.substring(0, MAX_REPLY) : reply;
        List<String[]> entries = new ArrayList<>();
        StringBuilder reason = new StringBuilder();
        boolean inReason = false;
        for (String line : text.split("\\R")) {
            Matcher matcher = KEY_LINE.matcher(line);
            if (matcher.matches()) {
                String key = matcher.group(1).toLowerCase(Locale.ROOT);
                String value = matcher.group(2).replaceAll("[\\s*_`]+$", "");
                entries.add(new String[] {key, value});
                inReason = key.equals("reason") && reason.isEmpty();
                if (inReason) {
                    reason.append(value.strip());
                }
            } else if (inReason && !line.isBlank()) {
                reason.append(' ').append(line.strip());
            }
        }
        return new Fields(false, entries, reason.toString().strip());
    }
}
