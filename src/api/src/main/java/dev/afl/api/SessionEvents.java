package dev.afl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.app.AflConfig;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.session.RoundView;
import dev.afl.session.SessionView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * A session's Server-Sent Events: each completed round once ({@code event: round}, {@code id:} its number, the
 * round's JSON as GET /v1/sessions/{id}/rounds carries it), then, once the session has ended, {@code event: session}
 * with the session's JSON as GET /v1/sessions/{id} answers it, and the stream closes. The store is polled, so the
 * stream follows a session whoever plays it (this process, another one, a state machine) and whatever the store.
 * A stream ends when its client goes away, the session ends, or at the deadline (the client resumes with
 * Last-Event-ID).
 */
@ApplicationScoped
public class SessionEvents {

    static final String ROUND = "round";
    static final String SESSION = "session";
    /** How often the store is read while a session runs: a round shows within this of its judgement. */
    static final Duration POLL = Duration.ofMillis(250);
    /** A comment sent after this long without an event keeps proxies from closing an idle stream. */
    static final int KEEP_ALIVE_SECONDS = 15;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(KEEP_ALIVE_SECONDS);

    private static final Logger LOG = Logger.getLogger(SessionEvents.class);

    @Inject
    RefinementService refinements;
    @Inject
    AflConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;

    /** Streams open now: one that outlives its client would show here. */
    private final AtomicInteger open = new AtomicInteger();

    @PostConstruct
    void meter() {
        Gauge.builder("afl.event.streams", open, AtomicInteger::get)
                .description("Session event streams open (GET /v1/sessions/{id}/events)").register(registry);
    }

    /**
     * The stream of session {@code sessionId} from round {@code after + 1}; an unknown session fails here, before
     * any stream starts.
     */
    Multi<OutboundSseEvent> follow(String sessionId, int after, Sse sse) {
        Session now = refinements.session(sessionId);
        long deadline = System.nanoTime() + config.api().eventsDeadline().toNanos();
        return Multi.createFrom().emitter(emitter -> Thread.ofVirtual().name("events-" + sessionId)
                .start(() -> stream(now, after, deadline, sse, emitter)));
    }

    private void stream(Session first, int after, long deadline, Sse sse, MultiEmitter<? super OutboundSseEvent> out) {
        open.incrementAndGet();
        try {
            Session session = first;
            int sent = after;
            long lastWrite = System.nanoTime();
            while (!out.isCancelled()) {
                for (RoundRecord round : session.rounds()) {
                    if (round.round() > sent) {
                        out.emit(sse.newEventBuilder().name(ROUND).id(Integer.toString(round.round()))
                                .data(String.class, line(RoundView.of(round))).build());
                        sent = round.round();
                        lastWrite = System.nanoTime();
                    }
                }
                if (session.status().terminal()) {
                    out.emit(sse.newEventBuilder().name(SESSION)
                            .data(String.class, line(SessionView.of(session, false))).build());
                    out.complete();
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    out.emit(sse.newEventBuilder().comment("the stream's deadline passed: reconnect with"
                            + " Last-Event-ID to follow on").build());
                    out.complete();
                    return;
                }
                if (System.nanoTime() - lastWrite >= KEEP_ALIVE.toNanos()) {
                    out.emit(sse.newEventBuilder().comment("keep-alive").build());
                    lastWrite = System.nanoTime();
                }
                Thread.sleep(POLL);
                session = refinements.session(first.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.complete();
        } catch (RuntimeException e) {
            LOG.warnf("The event stream of session %s stopped: %s", first.id(), e.toString());
            out.fail(e);
        } finally {
            open.decrementAndGet();
        }
    }

    /** The value as one line of JSON (an SSE data line ends at a line break; JSON escapes those inside strings). */
    private String line(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
