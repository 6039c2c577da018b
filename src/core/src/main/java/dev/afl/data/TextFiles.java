package dev.afl.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/** Line-by-line reading of the data files, with the file and line number carried into every error. */
final class TextFiles {

    /** Receives one line and its 1-based number. */
    @FunctionalInterface
    interface LineHandler {
        void accept(String line, long number);
    }

    private TextFiles() {
    }

    static void forEachLine(Path file, Charset charset, LineHandler handler) {
        requireFile(file);
        try (BufferedReader reader = Files.newBufferedReader(file, charset)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                handler.accept(line, number);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file, "not valid " + charset + " text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MissingDataException("Missing data file " + file.toAbsolutePath()
                    + ": check that the data path points at the folder that holds it.");
        }
        if (!Files.isReadable(file)) {
            throw new MissingDataException("Cannot read " + file.toAbsolutePath() + ": check its permissions.");
        }
    }

    static int parseInt(String text, Path file, long line, String field) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, field + " is not an integer: '" + text + "'");
        }
    }

    static long parseLong(String text, Path file, long line, String field) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, field + " is not an integer: '" + text + "'");
        }
    }

}
