package dev.afl.api;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmCredentialsRefusedException;
import dev.afl.agent.llm.LlmUnavailableException;
import dev.afl.memory.Session;

/** The loop stopped with an error; the session is stored as FAILED with what was played before. */
public class RefinementFailedException extends AflException {

    private final String sessionId;
    private final boolean upstream;

    public RefinementFailedException(Session session, RuntimeException cause) {
        super("Session '" + session.id() + "' failed after " + session.rounds().size() + " round(s): "
                + session.failure() + ". GET " + SessionResource.path(session.id()) + " shows what was played.", cause);
        this.sessionId = session.id();
        this.upstream = cause instanceof LlmUnavailableException || cause instanceof LlmCredentialsRefusedException;
    }

    public String sessionId() {
        return sessionId;
    }

    /**
     * Whether an LLM the server depends on could not answer or refused its key (a bad gateway), rather than the
     * server itself failing.
     */
    public boolean upstream() {
        return upstream;
    }
}
