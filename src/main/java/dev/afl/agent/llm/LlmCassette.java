package dev.afl.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.data.Checksums;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records LLM replies to a cassette (JSON Lines, keyed by model and prompt hash) and replays them, so a
 * recorded run recomputes with zero LLM calls and identical results. In {@code RECORD} mode a prompt already on
 * the cassette is answered from it too (a rerun costs nothing twice); in {@code REPLAY} mode a prompt that is
 * not on the cassette is an error, never a live call.
 */
public final class LlmCassette implements LlmCall {

    public enum Mode { RECORD, REPLAY }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmCall live;
    private final Path file;
    private final Mode mode;
    private final String model;
    private final Map<String, JsonNode> recorded = new ConcurrentHashMap<>();

    public LlmCassette(LlmCall live, Path file, Mode mode, String model) {
        this.live = live;
        this.file = file;
        this.mode = mode;
        this.model = model;
        load();
    }

    @Override
    public Result<String> chat(String prompt) {
        String key = key(model, prompt);
        JsonNode entry = recorded.get(key);
        if (entry != null) {
            return Result.<String>builder().content(entry.get("reply").isNull() ? null : entry.get("reply").asText())
                    .tokenUsage(new TokenUsage(entry.get("inputTokens").asInt(), entry.get("outputTokens").asInt()))
                    .build();
        }
        if (mode == Mode.REPLAY) {
            throw new AflException("The cassette " + file + " has no reply of model " + model + " for prompt "
                    + key.substring(0, 16) + "…: record the run first (cassette mode record), with the same prompts,"
                    + " models and data.");
        }
        Result<String> result = live.chat(prompt);
        append(key, result);
        return result;
    }

    static String key(String model, String prompt) {
        return Checksums.sha256((model + "\n" + prompt).getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void append(String key, Result<String> result) {
        ObjectNode entry = JSON.createObjectNode().put("key", key).put("model", model);
        entry.put("reply", result.content());
        TokenUsage usage = result.tokenUsage();
        entry.put("inputTokens", usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
        entry.put("outputTokens", usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(JSON.writeValueAsString(entry));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the cassette " + file + ": " + e.getMessage(), e);
        }
        recorded.put(key, entry);
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            if (mode == Mode.REPLAY) {
                throw new AflException("No cassette at " + file + ": record the run first (cassette mode record).");
            }
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode entry = JSON.readTree(line);
                    recorded.put(entry.get("key").asText(), entry);
                }
            }
        } catch (IOException e) {
            throw new AflException("The cassette " + file + " cannot be read (" + e.getMessage() + ").", e);
        }
    }
}
