package dev.afl.evaluation.usersim;

/** The user-simulation configurations of the paper's Table 5. */
public enum SimulationMethod {
    REWARD_MODEL("reward-model", "Reward Model (score >= validation threshold)"),
    USER_AGENT("user-agent", "User Agent (no memory)"),
    AFL("afl", "AFL (user agent after the loop, with its memory)");

    private final String id;
    private final String label;

    SimulationMethod(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }
}
