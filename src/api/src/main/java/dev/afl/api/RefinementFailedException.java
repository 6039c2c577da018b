package dev.afl.api;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmUnavailableException;
import dev.afl.memory.Session;

/** The loop stopped with an error; the session is stored as FAILED with what was played before. */
public class RefinementFailedException extends AflException {

    private final Session session;
    private final boolean upstream;

    public RefinementFailedException(Session session, RuntimeException cause) {
        super("Session '" + session.id() + "' failed after " + session.rounds().size() + " round(s): "
                + session.failure() + ". GET " + SessionResource.path(session.id()) + " shows what was played.", cause);
        this.session = session;
        this.upstream = LlmUnavailableException.upstream(cause);
    }

    /** The session as stored FAILED. */
    public Session session() {
        return session;
    }

    /**
     * Whether an LLM the server depends on could not answer or refused its key (a bad gateway), rather than the
     * server itself failing.
     */
    public boolean upstream() {
        return upstream;
    }
}
