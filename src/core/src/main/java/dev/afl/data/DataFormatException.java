package dev.afl.data;

import dev.afl.AflException;
import java.nio.file.Path;

/** A data file that cannot be read as its format says: names the file and, where known, the line. */
public class DataFormatException extends AflException {

    public DataFormatException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }

    public DataFormatException(Path file, String problem) {
        this(file, 0, problem);
    }
}
