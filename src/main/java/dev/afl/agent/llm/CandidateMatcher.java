package dev.afl.agent.llm;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps an answer's item text to exactly one candidate label: exact, then normalised (case, accents, punctuation,
 * spacing), then a conservative fuzzy match (one label contains the other, or nearly the same spelling) that
 * refuses whenever two candidates would fit.
 */
public final class CandidateMatcher {

    static final double SIMILARITY = 0.85;
    private static final int MIN_CONTAINED = 4;

    private CandidateMatcher() {
    }

    /** The matched candidate's position, or what made the answer unusable. */
    public static Parsed<Integer> match(String answer, List<String> labels) {
        int exact = labels.indexOf(answer);
        if (exact >= 0) {
            return new Parsed.Valid<>(exact, "");
        }
        String wanted = normalize(answer);
        if (wanted.isEmpty()) {
            return Parsed.invalid("the item '" + answer + "' is empty once punctuation is removed");
        }
        List<String> normalized = labels.stream().map(CandidateMatcher::normalize).toList();
        List<Integer> equal = positions(normalized, label -> label.equals(wanted));
        if (equal.size() == 1) {
            return new Parsed.Valid<>(equal.getFirst(), "");
        }
        if (equal.size() > 1) {
            return ambiguous(answer, labels, equal);
        }
        List<Integer> containing = positions(normalized, label -> Math.min(label.length(), wanted.length())
                >= MIN_CONTAINED && (label.contains(wanted) || wanted.contains(label)));
        if (containing.size() == 1) {
            return new Parsed.Valid<>(containing.getFirst(), "");
        }
        if (containing.size() > 1) {
            return ambiguous(answer, labels, containing);
        }
        List<Integer> similar = positions(normalized, label -> similarity(label, wanted) >= SIMILARITY);
        if (similar.size() == 1) {
            return new Parsed.Valid<>(similar.getFirst(), "");
        }
        if (similar.size() > 1) {
            return ambiguous(answer, labels, similar);
        }
        return Parsed.invalid("'" + answer + "' is not one of the candidates; choose a title from the candidate list");
    }

    private static Parsed<Integer> ambiguous(String answer, List<String> labels, List<Integer> positions) {
        List<String> names = positions.stream().limit(3).map(labels::get).toList();
        return Parsed.invalid("'" + answer + "' could be any of " + names + "; write the full title of one candidate");
    }

    private interface LabelTest {
        boolean test(String label);
    }

    private static List<Integer> positions(List<String> labels, LabelTest test) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (test.test(labels.get(i))) {
                positions.add(i);
            }
        }
        return positions;
    }

    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** 1 - Levenshtein distance / longer length. */
    static double similarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) {
            return 1;
        }
        if (Math.abs(a.length() - b.length()) > longer * (1 - SIMILARITY)) {
            return 0;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return 1 - previous[b.length()] / (double) longer;
    }
}
