package dev.afl.agent.simulated;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random numbers of a simulated user, each drawn from the user's seed and the decision it is for, never from a
 * generator shared between sessions: the same seed and the same session give the same decisions whatever the order,
 * the thread or the process they are asked in (a function judges every round in a fresh invocation). A decision is
 * named by the dataset, the history in order, the candidates as a set (sorted ids: moving the true item within the
 * list does not change a decision, so a simulated user reads no order), the round, the judged item and a purpose
 * ("accept", "noise"), which keeps the draws of one decision apart.
 */
final class SessionDraws {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SessionDraws() {
    }

    /** A uniform number in [0, 1) for one decision. */
    static double uniform(long seed, String purpose, String dataset, List<String> history,
            Collection<String> candidates, int round, String item) {
        StringBuilder key = new StringBuilder(256).append(purpose).append('\u0000').append(dataset).append('\u0000');
        history.forEach(id -> key.append(id).append('\u0001'));
        key.append('\u0000');
        candidates.stream().sorted().forEach(id -> key.append(id).append('\u0001'));
        key.append('\u0000').append(round).append('\u0000').append(item);
        long hash = FNV_OFFSET;
        for (byte b : key.toString().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        // SplittableRandom's seeding mixes the bits, so neighbouring hashes give unrelated numbers.
        return new SplittableRandom(hash ^ new SplittableRandom(seed).nextLong()).nextDouble();
    }
}
