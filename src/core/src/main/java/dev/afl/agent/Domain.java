package dev.afl.agent;

import dev.afl.AflException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How prompts speak of one item of a dataset: "music artist", "movie", "game" or the generic "item". The words
 * live in {@code prompts/domains/<id>.properties}; every prompt set's templates are shared by all domains.
 *
 * @param article  the indefinite article of the noun ("a music artist", "an item")
 * @param activity the user's history as an activity ("listening" history, "watching" records)
 * @param role     who the user agent plays, with its article ("a music listener", "a movie watcher")
 */
public record Domain(String id, String noun, String plural, String article, String consumed, String consume,
        String activity, String role, String service) {

    /** The resource folder of the domain files. */
    public static final String FOLDER = "prompts/domains/";

    /** The domains there are, by id. */
    public static final java.util.List<String> IDS = java.util.List.of("music", "movie", "game", "item");

    /** Read once per domain: every recommend and judge step asks for its domain. */
    private static final Map<String, Domain> LOADED = new ConcurrentHashMap<>();

    /** The domain of a dataset: lastfm is music, movielens movie, steam game, anything else the generic item. */
    public static Domain forDataset(String dataset) {
        return load(switch (dataset) {
            case "lastfm" -> "music";
            case "movielens" -> "movie";
            case "steam" -> "game";
            default -> "item";
        });
    }

    public static Domain load(String id) {
        return LOADED.computeIfAbsent(id, Domain::read);
    }

    /** The resource that holds the domain's words. */
    public static String resource(String id) {
        return FOLDER + id + ".properties";
    }

    private static Domain read(String id) {
        String resource = resource(id);
        try (InputStream in = Domain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AflException("Unknown prompt domain '" + id + "': use " + String.join(", ", IDS) + ".");
            }
            Properties words = new Properties();
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Domain(id, word(words, "noun", resource), word(words, "plural", resource),
                    word(words, "article", resource), word(words, "consumed", resource),
                    word(words, "consume", resource), word(words, "activity", resource), word(words, "role", resource),
                    word(words, "service", resource));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String word(Properties words, String key, String resource) {
        String value = words.getProperty(key);
        if (value == null || value.isBlank()) {
            // A packaging mistake, not a user's: every domain file names every word.
            throw new IllegalStateException(resource + " has no '" + key + "'");
        }
        return value.strip();
    }
}
