package dev.afl.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.data.Checksums;
import dev.afl.data.DataFormatException;
import dev.afl.data.JsonLines;
import dev.afl.json.AflJson;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records LLM replies to a cassette (JSON Lines) and replays them, so a recorded run recomputes with zero LLM calls
 * and identical results. A reply is keyed by the whole request: the system and the user message, the model, the
 * temperature, the token limit and a repeat run's sampling seed, so a changed prompt (another prompt set, an edited
 * template) or setting is never answered with a reply recorded for the old one. In {@code RECORD} mode a request already on the cassette is
 * answered from it too (a rerun costs nothing twice); in {@code REPLAY} mode a request that is not on the cassette
 * is an error that says which agent missed, what differs from what was recorded and what to do, never a live call.
 */
public final class LlmCassette implements LlmCall {

    public enum Mode { RECORD, REPLAY }

    /**
     * What besides the messages decides a reply: the model and its sampling settings (null: the provider's). The seed
     * is a repeat run's sampling seed ({@link SamplingSeed}; null: none sent), so each repeat of an experiment keeps
     * its own replies on the one cassette and a replay of repeat 2 answers with repeat 2's.
     */
    public record Settings(String model, Double temperature, Integer maxTokens, Integer seed) {

        public Settings(String model, Double temperature, Integer maxTokens) {
            this(model, temperature, maxTokens, null);
        }

        /** These settings sampling with {@code seed} (null: none). */
        public Settings withSeed(Integer seed) {
            return new Settings(model, temperature, maxTokens, seed);
        }

        @Override
        public String toString() {
            return "model " + model + ", temperature " + (temperature == null ? "default" : temperature)
                    + ", max tokens " + (maxTokens == null ? "default" : maxTokens)
                    + (seed == null ? "" : ", seed " + seed);
        }
    }

    private static final ObjectMapper JSON = AflJson.records();

    private final LlmCall live;
    private final Path file;
    private final Mode mode;
    private final String agent;
    private final Settings settings;
    private final Map<String, JsonNode> recorded = new ConcurrentHashMap<>();

    /**
     * @param agent which agent's calls these are ({@code recommender} or {@code user}), for error messages
     */
    public LlmCassette(LlmCall live, Path file, Mode mode, String agent, Settings settings) {
        this.live = live;
        this.file = file;
        this.mode = mode;
        this.agent = agent;
        this.settings = settings;
        load();
    }

    @Override
    public Result<String> chat(String system, String user) {
        String key = key(settings, system, user);
        JsonNode entry = recorded.get(key);
        if (entry != null) {
            return Result.<String>builder().content(entry.get("reply").isNull() ? null : entry.get("reply").asText())
                    .tokenUsage(new TokenUsage(entry.get("inputTokens").asInt(), entry.get("outputTokens").asInt()))
                    .build();
        }
        if (mode == Mode.REPLAY) {
            throw new LlmCassetteMissException("The cassette " + file + " has no reply of the " + agent + " agent's LLM"
                    + " for this request (" + settings + ", key " + key + "): " + whatDiffers(system, user)
                    + ". Record it again (AFL_LLM_CASSETTE=record with AFL_LLM_CASSETTE_DIR="
                    + file.toAbsolutePath().getParent() + " reuses the replies still valid and asks the LLM for the"
                    + " rest), or replay with the prompt set, models and LLM settings it was recorded with.");
        }
        Result<String> result = live.chat(system, user);
        append(key, system, user, result);
        return result;
    }

    /** The key of a request: every part of it that can change the reply. */
    static String key(Settings settings, String system, String user) {
        ObjectNode request = JSON.createObjectNode().put("model", settings.model());
        if (settings.temperature() != null) {
            request.put("temperature", settings.temperature());
        }
        if (settings.maxTokens() != null) {
            request.put("maxTokens", settings.maxTokens());
        }
        // Absent without a seed, so the keys of cassettes recorded before seeds existed stay valid.
        if (settings.seed() != null) {
            request.put("seed", settings.seed());
        }
        request.put("system", system).put("user", user);
        return Checksums.sha256(request.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Why a request missed, from the recorded requests that share a message with it. */
    private String whatDiffers(String system, String user) {
        String systemSha = sha(system);
        String userSha = sha(user);
        boolean oldKeys = false;
        boolean sameMessagesOtherSettings = false;
        boolean sameUserOtherSystem = false;
        boolean sameSystemOtherUser = false;
        String recordedSettings = null;
        for (JsonNode entry : recorded.values()) {
            if (!entry.has("systemSha256")) {
                oldKeys = true;
                continue;
            }
            boolean sameSystem = entry.get("systemSha256").asText().equals(systemSha);
            boolean sameUser = entry.get("userSha256").asText().equals(userSha);
            if (sameSystem && sameUser) {
                sameMessagesOtherSettings = true;
                recordedSettings = settingsOf(entry).toString();
            } else if (sameUser) {
                sameUserOtherSystem = true;
            } else if (sameSystem) {
                sameSystemOtherUser = true;
            }
        }
        if (sameMessagesOtherSettings) {
            return "these messages were recorded with " + recordedSettings + ", not with " + settings;
        }
        if (sameUserOtherSystem) {
            return "the same user message was recorded with another system message: the " + agent + "'s system"
                    + " prompt changed since (another prompt set, or an edited template)";
        }
        if (sameSystemOtherUser) {
            return "the same system message was recorded with other user messages: the " + agent + "'s user prompt"
                    + " changed since (another prompt set, an edited template), or the data or an earlier answer did";
        }
        if (oldKeys) {
            return "it was recorded by an older version, whose keys did not cover the system message and the LLM"
                    + " settings";
        }
        return "no recorded request shares its system or its user message (another prompt set, other templates,"
                + " data or models)";
    }

    private static Settings settingsOf(JsonNode entry) {
        return new Settings(entry.path("model").asText(null),
                entry.hasNonNull("temperature") ? entry.get("temperature").asDouble() : null,
                entry.hasNonNull("maxTokens") ? entry.get("maxTokens").asInt() : null,
                entry.hasNonNull("seed") ? entry.get("seed").asInt() : null);
    }

    private synchronized void append(String key, String system, String user, Result<String> result) {
        ObjectNode entry = JSON.createObjectNode().put("key", key).put("agent", agent).put("model", settings.model());
        if (settings.temperature() != null) {
            entry.put("temperature", settings.temperature());
        }
        if (settings.maxTokens() != null) {
            entry.put("maxTokens", settings.maxTokens());
        }
        if (settings.seed() != null) {
            entry.put("seed", settings.seed());
        }
        entry.put("systemSha256", sha(system)).put("userSha256", sha(user));
        entry.put("reply", result.content());
        TokenUsage usage = result.tokenUsage();
        entry.put("inputTokens", usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
        entry.put("outputTokens", usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        try {
            JsonLines.append(file, entry);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot append to the cassette " + file + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        recorded.put(key, entry);
    }

    private static String sha(String text) {
        return Checksums.sha256(Objects.requireNonNullElse(text, "").getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            if (mode == Mode.REPLAY) {
                throw new LlmCassetteMissException("No cassette of the " + agent + " agent at " + file + ": record"
                        + " the run first (AFL_LLM_CASSETTE=record, with AFL_LLM_CASSETTE_DIR the same folder).");
            }
            return;
        }
        try {
            for (JsonNode entry : JsonLines.read(file, (entry, line) -> entry)) {
                recorded.put(entry.get("key").asText(), entry);
            }
        } catch (DataFormatException | UncheckedIOException e) {
            throw new AflException("The cassette " + file + " cannot be read (" + e.getMessage() + ").", e);
        }
    }
}
