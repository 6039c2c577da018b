package dev.afl.cli.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Locale;

/**
 * Counts the input tokens of one chat request (a system and a user message) as the model's provider bills them:
 * with the model family's own tokenizer where one is available offline (OpenAI's o200k_base for the gpt-4o, gpt-4.1,
 * gpt-5 and o-series models, cl100k_base for gpt-4 and gpt-3.5), plus the chat format's overhead of each message and
 * of the reply's start; for any other model a stated approximation, four characters a token.
 */
public final class ChatTokenCounter {

    /**
     * The chat format's overhead (OpenAI's published way to count a chat request): each message adds 3 tokens and
     * its role's (1 for "system" and "user"), and the reply is primed with 3 more.
     */
    static final int PER_MESSAGE = 3 + 1;
    static final int REPLY_PRIMING = 3;
    /** Characters per token where no tokenizer of the family is at hand: the usual rule for English text. */
    static final int CHARACTERS_PER_TOKEN = 4;

    /** Model name prefixes (after any provider or region prefix) and the encoding their models use. */
    private static final List<Family> FAMILIES = List.of(
            new Family("gpt-4o", EncodingType.O200K_BASE), new Family("chatgpt-4o", EncodingType.O200K_BASE),
            new Family("gpt-4.1", EncodingType.O200K_BASE), new Family("gpt-4.5", EncodingType.O200K_BASE),
            new Family("gpt-5", EncodingType.O200K_BASE), new Family("o1", EncodingType.O200K_BASE),
            new Family("o3", EncodingType.O200K_BASE), new Family("o4", EncodingType.O200K_BASE),
            new Family("gpt-4", EncodingType.CL100K_BASE), new Family("gpt-3.5", EncodingType.CL100K_BASE));

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private record Family(String prefix, EncodingType encoding) {
    }

    private final String model;
    private final Encoding encoding;

    private ChatTokenCounter(String model, Encoding encoding) {
        this.model = model;
        this.encoding = encoding;
    }

    /** The counter for {@code model}: its family's tokenizer, or the approximation when none is known. */
    public static ChatTokenCounter forModel(String model) {
        String name = bareName(model);
        for (Family family : FAMILIES) {
            if (name.startsWith(family.prefix())) {
                return new ChatTokenCounter(model, REGISTRY.getEncoding(family.encoding()));
            }
        }
        return new ChatTokenCounter(model, null);
    }

    /** Whether the count is the model family's own tokenizer's (else the approximation). */
    public boolean exact() {
        return encoding != null;
    }

    /** The counting in words, for the estimate's output. */
    public String description() {
        return exact() ? model + ": " + encoding.getName() + " tokenizer (exact for its family), plus "
                + PER_MESSAGE + " tokens a message and " + REPLY_PRIMING + " for the reply's start"
                : model + ": approximation, " + CHARACTERS_PER_TOKEN + " characters a token (no offline tokenizer for"
                        + " this model family; Claude, Llama and Nova count differently), plus " + PER_MESSAGE
                        + " tokens a message and " + REPLY_PRIMING + " for the reply's start";
    }

    /** The tokens of a text (special-token spellings counted as ordinary text, as a provider does with content). */
    public long text(String text) {
        if (encoding == null) {
            return (text.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
        }
        return encoding.countTokensOrdinary(text);
    }

    /** The input tokens of one request: both messages and the chat format's overhead. */
    public long request(String system, String user) {
        return text(system) + text(user) + 2L * PER_MESSAGE + REPLY_PRIMING;
    }

    /** The model name without a provider ({@code openai/}) or cross-region ({@code us.}) prefix, lower case. */
    static String bareName(String model) {
        String name = model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }
}
