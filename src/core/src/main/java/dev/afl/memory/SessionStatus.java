package dev.afl.memory;

/**
 * Where a session stands, and once it ended, why: accepted, the round limit, a budget limit (tokens, estimated
 * cost, wall time, or no improvement of the reward over the patience rounds), or a failure.
 */
public enum SessionStatus {
    RUNNING, ACCEPTED, MAX_ROUNDS, TOKEN_BUDGET, COST_BUDGET, TIME_BUDGET, NO_IMPROVEMENT, FAILED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
