package dev.afl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.json.AflJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * JSON Lines reading and writing, the one implementation for data files, per-case results, LLM cassettes and case
 * files: one JSON value per line, blank lines ignored, errors with file and line. Appending closes a line a kill
 * left torn before it writes, so the next value starts on a line of its own.
 */
public final class JsonLines {

    private static final ObjectMapper MAPPER = AflJson.records();

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

    /** Writes the values, one a line, replacing the file (its folder is created). */
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

    /** Appends one value as a line, creating the file and its folder; the file is closed again. */
    public static void append(Path file, Object value) {
        try (Appender appender = appender(file)) {
            appender.append(value);
        }
    }

    /** Opens the file for appending values one a line (created with its folder when missing). */
    public static Appender appender(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean torn = endsMidLine(file);
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (torn) {
                writer.newLine();
            }
            return new Appender(file, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(channel.size() - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) != '\n';
        }
    }

    /** A file open for appending: each value is written whole, as one line, and flushed; safe across threads. */
    public static final class Appender implements AutoCloseable {

        private final Path file;
        private final BufferedWriter writer;

        private Appender(Path file, BufferedWriter writer) {
            this.file = file;
            this.writer = writer;
        }

        public synchronized void append(Object value) {
            try {
                writer.write(MAPPER.writeValueAsString(value));
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
