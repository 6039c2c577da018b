package dev.afl.memory;

import dev.afl.AflException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The session folder cannot be created or written (read-only, full, a file in its place): no session can be stored,
 * so none runs. The user fixes it by giving a writable folder; the command line exits 5 for it.
 */
public class SessionStoreUnwritableException extends AflException {

    public SessionStoreUnwritableException(String what, Path folder, IOException cause) {
        super("Cannot " + what + " (" + reason(cause) + "): the session folder " + folder.toAbsolutePath()
                + " is not writable. Give --store (or AFL_STATE_DIR) a folder you can write to.", cause);
    }

    /**
     * The file system's reason in a few words ("access denied", "No space left on device"): the JDK's message of an
     * AccessDeniedException is the path alone, which the message already names.
     */
    private static String reason(IOException cause) {
        if (cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return cause.getClass().getSimpleName().replaceAll("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
    }
}
