package dev.afl.memory;

/** Where a session stands. Every session ends in one of the three terminal states. */
public enum SessionStatus {
    RUNNING, ACCEPTED, MAX_ROUNDS, FAILED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
