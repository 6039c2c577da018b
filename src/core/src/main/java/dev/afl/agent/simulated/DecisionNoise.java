package dev.afl.agent.simulated;

/**
 * A simulated user's noise: each decision is reversed with probability {@code epsilon}, independently of everything
 * else (the draw is the decision's own, {@link SessionDraws}). 0 is a user that always means what it says, 0.5 one
 * whose decisions carry no information.
 */
public record DecisionNoise(double epsilon) {

    public static final DecisionNoise NONE = new DecisionNoise(0);

    public DecisionNoise {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("the noise level epsilon (--epsilons, afl.agents.simulated.epsilon) must be in"
                    + " [0, 1], got " + epsilon + ": it is the probability that a decision is reversed");
        }
    }

    /** The decision after the noise, given the decision's own uniform draw. */
    boolean apply(boolean decision, double uniform) {
        return uniform < epsilon ? !decision : decision;
    }
}
