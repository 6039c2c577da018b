package dev.afl.evaluation.mechanism;

/** The users the mechanism study plays the loop with. */
public enum StudiedUser {
    /** The offline user, the reward model's own verdict: the reference the simulated users depart from. */
    OFFLINE("offline", "Offline user (the reward model's verdict)", false),
    /** Accepts with the validation probability that the proposal's reward rank holds the true item. */
    CALIBRATED("calibrated", "Calibrated noisy user", true),
    /** Judges with its own model (MoRec), never reading the reward model. */
    INDEPENDENT("independent", "Independent-information user", false);

    private final String id;
    private final String label;
    private final boolean drawsDecisions;

    StudiedUser(String id, String label, boolean drawsDecisions) {
        this.id = id;
        this.label = label;
        this.drawsDecisions = drawsDecisions;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** Whether its decisions are drawn at random even without noise (so several user seeds average it out). */
    public boolean random(double epsilon) {
        return drawsDecisions || epsilon > 0;
    }
}
