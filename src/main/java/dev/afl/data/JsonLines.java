package dev.afl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** JSON Lines reading and writing: one JSON object per line, blank lines ignored, errors with file and line. */
public final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    /** Parses every non-blank line into an object node and maps it; the mapper gets the node and its line number. */
    public static <T> List<T> read(Path file, BiFunction<JsonNode, Long, T> mapper) {
        List<T> result = new ArrayList<>();
        TextFiles.forEachLine(file, StandardCharsets.UTF_8, (line, number) -> {
            if (line.isBlank()) {
                return;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DataFormatException(file, number, "not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file, number, "expected a JSON object");
            }
            result.add(mapper.apply(node, number));
        });
        return result;
    }

    /** The named field as an int; a missing or non-integer field is a {@link DataFormatException}. */
    public static int intField(JsonNode node, String field, Path file, long line) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new DataFormatException(file, line, "field '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    /** The named field as text (numbers are accepted and turned into their decimal text). */
    public static String textField(JsonNode node, String field, Path file, long line) {
        JsonNode value = node.get(field);
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            throw new DataFormatException(file, line, "field '" + field + "' must be a string or an integer");
        }
        return value.asText();
    }

    /** The named field as a list of ids (strings or integers). */
    public static List<String> idListField(JsonNode node, String field, Path file, long line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new DataFormatException(file, line, "field '" + field + "' must be an array of ids");
        }
        List<String> ids = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!(element.isTextual() || element.isIntegralNumber())) {
                throw new DataFormatException(file, line, "field '" + field + "' has a non-id element: " + element);
            }
            ids.add(element.asText());
        }
        return ids;
    }

    public static void write(Path file, List<?> records) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Object record : records) {
                    writer.write(MAPPER.writeValueAsString(record));
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
