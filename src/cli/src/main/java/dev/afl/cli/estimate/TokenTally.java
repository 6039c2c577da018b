package dev.afl.cli.estimate;

import dev.afl.evaluation.CostEstimate.Use;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requests and tokens a rehearsed run would send, per configuration and agent, for three trajectories at once.
 * Each case is played in one thread from {@link #beginCase()} on, its sessions run to the round limit (the rehearsal
 * user rejects every proposal) and the tally tells the trajectories apart by what the offline user would have said:
 * a request counts for <em>high</em> always, for <em>expected</em> until the offline user would have accepted, and
 * for <em>low</em> until the first judgement.
 */
public final class TokenTally {

    /** The three trajectories' figures of one agent. */
    public record Trajectories(Use low, Use expected, Use high) {

        static final Trajectories NONE = new Trajectories(Use.NONE, Use.NONE, Use.NONE);

        public Trajectories plus(Trajectories other) {
            return new Trajectories(low.plus(other.low), expected.plus(other.expected), high.plus(other.high));
        }
    }

    /** Where one case's session stands: judged at least once, and whether the offline user has accepted. */
    private static final class CaseState {
        boolean judged;
        boolean accepted;
    }

    private final ThreadLocal<CaseState> state = ThreadLocal.withInitial(CaseState::new);
    private final Map<String, Map<String, Trajectories>> tallies = new LinkedHashMap<>();
    private volatile String configuration = "run";
    private volatile int times = 1;

    /** The configuration the next cases belong to (configurations are played one after another). */
    public void configuration(String key) {
        configuration(key, 1);
    }

    /** The same, each request counted {@code times} times (a configuration the run repeats, {@code --repeats}). */
    public void configuration(String key, int times) {
        synchronized (tallies) {
            tallies.computeIfAbsent(key, k -> new LinkedHashMap<>());
        }
        this.configuration = key;
        this.times = times;
    }

    /** The configuration the next cases belong to. */
    public String configurationKey() {
        return configuration;
    }

    /** A case starts on this thread: nothing judged yet. */
    public void beginCase() {
        state.set(new CaseState());
    }

    /** One request of {@code agent} with its input and (assumed) output tokens. */
    public void request(String agent, long inputTokens, long outputTokens) {
        CaseState now = state.get();
        Use use = new Use(times, times * inputTokens, times * outputTokens);
        add(agent, new Trajectories(now.judged ? Use.NONE : use, now.accepted ? Use.NONE : use, use));
    }

    /**
     * One request every trajectory sends alike: a user-simulation rating, asked after the loop whatever its length
     * (the loop of those runs follows the offline trajectory, see {@link RehearsalUserAgent}).
     */
    public void requestInEveryTrajectory(String agent, long inputTokens, long outputTokens) {
        Use use = new Use(times, times * inputTokens, times * outputTokens);
        add(agent, new Trajectories(use, use, use));
    }

    private void add(String agent, Trajectories added) {
        synchronized (tallies) {
            tallies.computeIfAbsent(configuration, key -> new LinkedHashMap<>()).merge(agent, added,
                    Trajectories::plus);
        }
    }

    /** The user judged a proposal; {@code wouldAccept}: what the offline user would have decided. */
    public void judged(boolean wouldAccept) {
        CaseState now = state.get();
        now.judged = true;
        now.accepted |= wouldAccept;
    }

    /** Every configuration's figures per agent, in the order the configurations were played. */
    public Map<String, Map<String, Trajectories>> tallies() {
        synchronized (tallies) {
            Map<String, Map<String, Trajectories>> copy = new LinkedHashMap<>();
            tallies.forEach((key, agents) -> copy.put(key, Map.copyOf(agents)));
            return copy;
        }
    }
}
