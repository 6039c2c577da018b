package dev.afl.api;

import dev.afl.memory.MemoryStore;
import jakarta.validation.constraints.Pattern;

/** The path parameter of a session read. */
record SessionQuery(@Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = ID_MESSAGE) String id) {

    static final String ID_MESSAGE = "a session id is 1-128 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit";
}
