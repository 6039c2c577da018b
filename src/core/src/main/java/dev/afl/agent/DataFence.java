package dev.afl.agent;

/**
 * Makes untrusted text (titles, histories, the other agent's reasons) safe to place inside a prompt's
 * {@code <data>} block: one line, no tags that could close the block, no template braces, bounded length.
 * The text stays readable; it just cannot masquerade as prompt structure.
 */
public final class DataFence {

    public static final int TITLE_LIMIT = 200;
    public static final int REASON_LIMIT = 800;

    private DataFence() {
    }

    public static String clean(String text, int limit) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit + 1));
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() < limit; i++) {
            char c = text.charAt(i);
            char safe = switch (c) {
                case '<' -> '\u2039';
                case '>' -> '\u203A';
                case '{' -> '(';
                case '}' -> ')';
                default -> Character.isWhitespace(c) || Character.isISOControl(c) ? ' ' : c;
            };
            if (safe == ' ') {
                if (!space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(safe);
                space = false;
            }
        }
        String cleaned = out.toString().strip();
        return text.length() > limit && cleaned.length() >= limit ? cleaned + "\u2026" : cleaned;
    }
}
