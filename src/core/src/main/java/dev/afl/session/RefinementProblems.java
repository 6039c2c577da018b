package dev.afl.session;

import dev.afl.InvalidRequestException;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The one wording of each problem a refinement request can end in, used by the HTTP API and by the state machine's
 * functions, so that {@code POST /v1/refinements} answers the same type, title, status and detail locally and in AWS.
 * No problem carries an exception's own text beyond the message AFL wrote for the caller (issue 15: a failure's cause
 * stays in the log and in the stored session).
 */
public final class RefinementProblems {

    public static final String INVALID_REQUEST = "urn:afl:problem:invalid-request";
    public static final String SESSION_CONFLICT = "urn:afl:problem:session-conflict";
    public static final String REFINEMENT_FAILED = "urn:afl:problem:refinement-failed";
    public static final String SERVER_ERROR = "urn:afl:problem:server-error";
    /** The synchronous endpoint: the instance of the problems the state machine words for it. */
    public static final String REFINEMENTS_PATH = "/v1/refinements";

    /**
     * The errors that mean the LLM failed the session (down, or refusing the key): answered 502, not 500. Named, not
     * referenced, so that a function that has no LLM agent (finalize) words the answer without carrying the LLM
     * client; the LLM adapter's exceptions are these classes (checked in its tests).
     */
    public static final java.util.Set<String> UPSTREAM_ERRORS = java.util.Set.of(
            "dev.afl.agent.llm.LlmUnavailableException", "dev.afl.agent.llm.LlmCredentialsRefusedException");

    private RefinementProblems() {
    }

    /** Whether the error that failed a session, as Step Functions reports its type, is the LLM's ({@link #UPSTREAM_ERRORS}). */
    public static boolean upstream(String errorType) {
        return errorType != null && UPSTREAM_ERRORS.contains(errorType);
    }

    /** A request with fields at fault (400): each field by its path, and what is wrong with it. */
    public static ProblemDetails invalid(List<ProblemDetails.FieldProblem> errors, String instance) {
        return new ProblemDetails(INVALID_REQUEST, "Invalid request", 400, describe(errors), instance, null, errors);
    }

    /** The session id is taken by another request (409). */
    public static ProblemDetails conflict(String message, String instance) {
        return new ProblemDetails(SESSION_CONFLICT, "Session conflict", 409, message, instance, null,
                List.of(new ProblemDetails.FieldProblem("sessionId", "choose another sessionId, or resend exactly the"
                        + " request that created this session")));
    }

    /**
     * What a request the loop refused before storing anything is answered: a field at fault or a session id taken.
     *
     * @throws IllegalArgumentException for an exception that is not a refusal of the request
     */
    public static ProblemDetails refused(RuntimeException refusal, String instance) {
        return switch (refusal) {
            case InvalidRequestException invalid -> invalid(List.of(new ProblemDetails.FieldProblem(invalid.field(),
                    invalid.getMessage())), instance);
            case SessionConflictException taken -> conflict(taken.getMessage(), instance);
            default -> throw new IllegalArgumentException("not a refusal: " + refusal.getClass().getName());
        };
    }

    /** Whether the loop refuses a request with this exception before storing anything (see {@link #refused}). */
    public static boolean isRefusal(RuntimeException e) {
        return e instanceof InvalidRequestException || e instanceof SessionConflictException;
    }

    /**
     * The loop failed and the session is stored as FAILED (500; 502 when an LLM the server depends on could not
     * answer or refused its key). Why it failed is in the session (its failure) and the log, not in the answer.
     */
    public static ProblemDetails failed(Session session, boolean upstream, String instance) {
        int rounds = session.rounds().size();
        return new ProblemDetails(REFINEMENT_FAILED, "Refinement failed", upstream ? 502 : 500, "Session '"
                + session.id() + "' failed after " + rounds + (rounds == 1 ? " round" : " rounds") + (upstream
                        ? ": the LLM could not answer or refused the server's key" : "") + ". It is stored as FAILED"
                + " with the rounds it played and why it failed (its failure); send the request again under a new"
                + " sessionId to try again.", instance, session.id(),
                null);
    }

    /**
     * The server failed in a way it did not foresee (500): the failure is logged, never answered. The refinement
     * loop's definition says the same when its start step fails for a reason of its own.
     */
    public static ProblemDetails unexpected(String instance) {
        return new ProblemDetails(SERVER_ERROR, "Server error", 500, "The server failed unexpectedly; the failure is"
                + " in its log. Retrying may help; if it keeps failing, report it with the time of the request.",
                instance, null, null);
    }

    /** The problem's detail for fields at fault: how many, and which. */
    public static String describe(Collection<ProblemDetails.FieldProblem> errors) {
        TreeSet<String> fields = new TreeSet<>(errors.stream().map(ProblemDetails.FieldProblem::field).toList());
        return fields.size() + (fields.size() == 1 ? " field" : " fields") + " of the request "
                + (fields.size() == 1 ? "is" : "are") + " invalid: " + String.join(", ", fields)
                + "; see errors for what is wrong with each.";
    }
}
