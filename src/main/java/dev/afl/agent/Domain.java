package dev.afl.agent;

import dev.afl.AflException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * How prompts speak of one item of a dataset: "music artist", "movie", "game" or the generic "item". The words
 * live in {@code prompts/domains/<id>.properties}; the prompt templates are shared by all domains.
 */
public record Domain(String id, String noun, String plural, String consumed, String consume, String service) {

    /** Read once per domain: every recommend and judge step asks for its domain. */
    private static final java.util.Map<String, Domain> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

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

    private static Domain read(String id) {
        String resource = "prompts/domains/" + id + ".properties";
        try (InputStream in = Domain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AflException("Unknown prompt domain '" + id + "': use music, movie, game or item.");
            }
            Properties words = new Properties();
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Domain(id, words.getProperty("noun"), words.getProperty("plural"),
                    words.getProperty("consumed"), words.getProperty("consume"), words.getProperty("service"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
