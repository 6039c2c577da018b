package dev.afl.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.afl.AflException;
import dev.afl.loop.InvalidRequestException;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers, as {@code application/problem+json} (RFC 9457): the status, what was wrong and how
 * to fix it, the fields at fault. Unexpected failures are logged here and answered without their internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static final String INVALID_REQUEST = "urn:afl:problem:invalid-request";
    static final String MALFORMED_BODY = "urn:afl:problem:malformed-body";
    static final String SESSION_NOT_FOUND = "urn:afl:problem:session-not-found";
    static final String SESSION_CONFLICT = "urn:afl:problem:session-conflict";
    static final String SERVER_BUSY = "urn:afl:problem:server-busy";
    static final String BODY_TOO_LARGE = "urn:afl:problem:body-too-large";
    static final String REFINEMENT_FAILED = "urn:afl:problem:refinement-failed";
    static final String SERVER_ERROR = "urn:afl:problem:server-error";

    @ServerExceptionMapper
    public Response invalidFields(InvalidFieldsException e, UriInfo uri) {
        return invalid(e.errors(), uri);
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        return invalid(List.of(new Problem.FieldError(e.field(), e.getMessage())), uri);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String known = new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()).toString();
        return malformed(FieldPaths.of(e.getPath()), "unknown field '" + e.getPropertyName() + "'; the fields here are "
                + known, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String got = e instanceof InvalidFormatException format ? ", got " + quoted(format.getValue()) : "";
        return malformed(FieldPaths.of(e.getPath()), "expected " + expected(e.getTargetType()) + got, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e, UriInfo uri) {
        var where = e.getLocation();
        return malformed(FieldPaths.BODY, "the body is not valid JSON (" + e.getOriginalMessage().lines().findFirst()
                .orElse("") + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                + ")", uri);
    }

    /** A JSON error the reader wrapped, answered as its own mapper would. */
    private Response json(JsonProcessingException e, UriInfo uri) {
        return switch (e) {
            case JsonParseException unreadable -> unreadableJson(unreadable, uri);
            case UnrecognizedPropertyException unknown -> unknownField(unknown, uri);
            case MismatchedInputException mismatched -> mismatchedInput(mismatched, uri);
            case JsonMappingException unmappable -> unmappableValue(unmappable, uri);
            case StreamConstraintsException limit -> overReaderLimit(limit, uri);
            default -> otherJson(e, uri);
        };
    }

    /**
     * A value Jackson could read as JSON but not as its field, other than the mismatches above; mostly a number too
     * large or too small for its field, named by the field and without echoing the number, which may have up to
     * 1,000 digits (found by {@code ApiFuzzTest}: it was answered as the whole body at fault).
     */
    @ServerExceptionMapper
    public Response unmappableValue(JsonMappingException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException cause && !(cause instanceof InputCoercionException)) {
            return json(cause, uri); // the body cut short, or over a limit, while a field was read
        }
        String message = e.getCause() instanceof InputCoercionException range
                ? "expected " + expected(range.getTargetType()) + ", got a number out of its range"
                : "the value could not be read: " + shortened(e.getOriginalMessage());
        return malformed(FieldPaths.of(e.getPath()), message, uri);
    }

    /** The JSON reader's own limits (nesting depth, number and string lengths), said without its internals. */
    @ServerExceptionMapper
    public Response overReaderLimit(StreamConstraintsException e, UriInfo uri) {
        return malformed(FieldPaths.BODY, "the body is over a limit of the JSON reader: "
                + e.getOriginalMessage().replaceAll(", from `[^`]*`", ""), uri);
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return malformed(FieldPaths.BODY, "the body could not be read as a request: "
                + shortened(e.getOriginalMessage()), uri);
    }

    private static String shortened(String message) {
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    @ServerExceptionMapper
    public Response sessionNotFound(SessionNotFoundException e, UriInfo uri) {
        return respond(new Problem(SESSION_NOT_FOUND, "Unknown session", 404, e.getMessage()
                + " Sessions are created by POST /v1/refinements or POST /v1/sessions.", uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response sessionConflict(SessionConflictException e, UriInfo uri) {
        return respond(new Problem(SESSION_CONFLICT, "Session conflict", 409, e.getMessage(), uri.getPath(), null,
                List.of(new Problem.FieldError("sessionId", "choose another sessionId, or resend exactly the request"
                        + " that created this session"))));
    }

    @ServerExceptionMapper
    public Response busy(ServerBusyException e, UriInfo uri) {
        return Response.fromResponse(respond(new Problem(SERVER_BUSY, "Server busy", 503, e.getMessage(), uri.getPath(),
                null, null))).header(HttpHeaders.RETRY_AFTER, e.retryAfter().toSeconds()).build();
    }

    @ServerExceptionMapper
    public Response refinementFailed(RefinementFailedException e, UriInfo uri) {
        LOG.warnf("Refinement failed: %s", e.getMessage());
        int status = e.upstream() ? 502 : 500;
        return respond(new Problem(REFINEMENT_FAILED, "Refinement failed", status, e.getMessage(), uri.getPath(),
                e.sessionId(), null));
    }

    /** The framework's own refusals (unknown path, method, media type) in the same shape. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri); // the JSON reader wraps what it cannot read
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = switch (status) {
            case 404 -> "There is nothing at " + uri.getPath() + ": the API serves POST /v1/refinements, POST"
                    + " /v1/sessions, GET /v1/sessions/{id} and GET /v1/sessions/{id}/rounds; the OpenAPI document is"
                    + " at /q/openapi.";
            case 405 -> uri.getPath() + " does not take " + request.getMethod() + ": the OpenAPI document"
                    + " (/q/openapi) lists the methods of each path.";
            case 415 -> "Send the request body as JSON with 'Content-Type: application/json' (got "
                    + contentType(headers) + ").";
            case 406 -> "The API answers application/json (errors application/problem+json): accept one of them.";
            default -> e.getMessage();
        };
        List<Problem.FieldError> errors = status == 415 ? List.of(new Problem.FieldError(HttpHeaders.CONTENT_TYPE,
                "use application/json")) : null;
        return respond(new Problem("about:blank", original.getStatusInfo().getReasonPhrase(), status, detail,
                uri.getPath(), null, errors));
    }

    /**
     * The Content-Type as sent: the raw header, since one that is no media type ("json") makes
     * {@link HttpHeaders#getMediaType()} throw (found by {@code ApiFuzzTest}: it was answered 500).
     */
    private static String contentType(HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return sent == null || sent.isBlank() ? "none" : "'" + (sent.length() > 100 ? sent.substring(0, 100) + "..."
                : sent) + "'";
    }

    /** An AflException that is not about the request: the server cannot do its job (a model missing, a disk full). */
    @ServerExceptionMapper
    public Response serverProblem(AflException e, UriInfo uri) {
        LOG.errorf("Cannot serve %s: %s", uri.getPath(), e.getMessage());
        return respond(new Problem(SERVER_ERROR, "Server error", 500, e.getMessage(), uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure serving %s", uri.getPath());
        return respond(new Problem(SERVER_ERROR, "Server error", 500, "The server failed unexpectedly; the failure is"
                + " in its log. Retrying may help; if it keeps failing, report it with the time of the request.",
                uri.getPath(), null, null));
    }

    private static Response invalid(List<Problem.FieldError> errors, UriInfo uri) {
        return respond(new Problem(INVALID_REQUEST, "Invalid request", 400, describe(errors), uri.getPath(), null,
                errors));
    }

    private static Response malformed(String field, String message, UriInfo uri) {
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field, message));
        return respond(new Problem(MALFORMED_BODY, "Malformed request body", 400, "The request body could not be read: "
                + field + ": " + message + ".", uri.getPath(), null, errors));
    }

    private static String describe(Collection<Problem.FieldError> errors) {
        TreeSet<String> fields = new TreeSet<>(errors.stream().map(Problem.FieldError::field).toList());
        return fields.size() + (fields.size() == 1 ? " field" : " fields") + " of the request "
                + (fields.size() == 1 ? "is" : "are") + " invalid: " + String.join(", ", fields)
                + "; see errors for what is wrong with each.";
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static final Map<Class<?>, String> EXPECTED = Map.of(Integer.class, "a whole number", int.class,
            "a whole number", String.class, "a string", List.class, "a JSON array", Boolean.class, "true or false");

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (EXPECTED.containsKey(type)) {
            return EXPECTED.get(type);
        }
        return java.util.Collection.class.isAssignableFrom(type) ? "a JSON array" : "a JSON object";
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\""
                : String.valueOf(value);
    }
}
