package dev.afl.memory;

import dev.afl.AflException;

/** A session id the store does not know. */
public class SessionNotFoundException extends AflException {

    public SessionNotFoundException(String id) {
        super("Unknown session '" + id + "': no session with this id is stored (it may have expired).");
    }
}
