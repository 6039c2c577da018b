package dev.afl.memory;

import java.nio.file.Path;
import java.util.Map;

/** Where the local file store keeps sessions unless told otherwise: the same folder for the CLI and the API. */
public final class SessionFolder {

    public static final String STATE_DIR_VARIABLE = "AFL_STATE_DIR";

    private SessionFolder() {
    }

    /** {@value #STATE_DIR_VARIABLE}, else {@code ~/.local/share/afl/sessions}. */
    public static Path defaultFolder(Map<String, String> environment) {
        String configured = environment.get(STATE_DIR_VARIABLE);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".local", "share", "afl", "sessions");
    }
}
