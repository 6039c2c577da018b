package dev.afl.reliability;

import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Session;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Plays a session the way the state machine chains the functions (start; per round recommend, reward, judge;
 * finalize when the judge step says stop), with at-least-once delivery: every step is delivered twice, and a step
 * whose reply was lost to a crash is delivered again, as a Lambda retry would. The loop is the real
 * {@link FeedbackLoop}; only the delivery is simulated.
 */
public final class AtLeastOnceDelivery {

    /** Deliveries of one step before the test gives up (a crash is injected in a share of the writes only). */
    private static final int MAX_TRIES = 10;

    private final FeedbackLoop loop;
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger redeliveries = new AtomicInteger();

    public AtLeastOnceDelivery(FeedbackLoop loop) {
        this.loop = loop;
    }

    public Session play(RefinementRequest request) {
        String id = request.sessionId();
        deliver(() -> loop.start(request));
        for (int round = 1; ; round++) {
            int played = round;
            deliver(() -> loop.recommend(id, played));
            deliver(() -> loop.reward(id, played));
            Session judged = deliver(() -> loop.judge(id, played));
            if (loop.shouldStop(judged)) {
                return deliver(() -> loop.finish(id, null));
            }
        }
    }

    /** Deliveries made, the duplicates included. */
    public int deliveries() {
        return deliveries.get();
    }

    /** Deliveries made again because the reply was lost to an injected crash. */
    public int redeliveries() {
        return redeliveries.get();
    }

    /** The step delivered twice; the caller goes on with the second reply, as the state machine would. */
    private Session deliver(Supplier<Session> step) {
        untilReplied(step);
        return untilReplied(step);
    }

    private Session untilReplied(Supplier<Session> step) {
        for (int attempt = 1; ; attempt++) {
            deliveries.incrementAndGet();
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (!InjectedCrash.causedBy(e) || attempt >= MAX_TRIES) {
                    throw e;
                }
                redeliveries.incrementAndGet();
            }
        }
    }
}
