package dev.afl.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.afl.AflException;
import dev.afl.InvalidRequestException;
import dev.afl.json.JsonProblem;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionNotFoundException;
import dev.afl.session.RefinementProblems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers, as {@code application/problem+json} (RFC 9457): the status, what was wrong and how
 * to fix it, the fields at fault. Unexpected failures are logged here and answered without their internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static final String INVALID_REQUEST = RefinementProblems.INVALID_REQUEST;
    static final String MALFORMED_BODY = "urn:afl:problem:malformed-body";
    static final String SESSION_NOT_FOUND = "urn:afl:problem:session-not-found";
    static final String SESSION_CONFLICT = RefinementProblems.SESSION_CONFLICT;
    static final String SERVER_BUSY = "urn:afl:problem:server-busy";
    static final String BODY_TOO_LARGE = "urn:afl:problem:body-too-large";
    static final String REFINEMENT_FAILED = RefinementProblems.REFINEMENT_FAILED;
    static final String SERVER_ERROR = RefinementProblems.SERVER_ERROR;

    @ServerExceptionMapper
    public Response invalidFields(InvalidFieldsException e, UriInfo uri) {
        return invalid(e.errors(), uri);
    }

    /**
     * The Bean Validation constraints of a resource method's parameters (the body, the path and query parameters),
     * checked by quarkus-hibernate-validator before the method runs: every field at fault, by the path the client
     * wrote. More specific than the extension's own mapper (ValidationException), which answers without field names.
     */
    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::ofReturnValue)) {
            return unexpected(e, uri); // the server broke its own contract, not the client
        }
        return invalid(e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(FieldPaths.of(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList(), uri);
    }

    private static boolean ofReturnValue(ConstraintViolation<?> violation) {
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        return invalid(List.of(new Problem.FieldError(e.field(), e.getMessage())), uri);
    }

    /*
     * A body the JSON reader refused (malformed, a key given twice, a value of the wrong kind, an unknown field, a
     * number out of range, over a reader limit), said as JsonProblem says it. A mapper per exception class: the
     * most specific mapper wins, and the framework has its own for some of these.
     */

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response unmappableValue(JsonMappingException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response overReaderLimit(StreamConstraintsException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        JsonProblem problem = JsonProblem.of(e);
        return malformed(problem.fieldOr(FieldPaths.BODY), problem.message(), uri);
    }

    @ServerExceptionMapper
    public Response sessionNotFound(SessionNotFoundException e, UriInfo uri) {
        return respond(new Problem(SESSION_NOT_FOUND, "Unknown session", 404, e.getMessage()
                + " Sessions are created by POST /v1/refinements or POST /v1/sessions.", uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response notInCatalog(CatalogNotFoundException e, UriInfo uri) {
        return respond(new Problem(e.type(), e.title(), 404, e.getMessage(), uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response sessionConflict(SessionConflictException e, UriInfo uri) {
        return respond(Problem.of(RefinementProblems.conflict(e.getMessage(), uri.getPath())));
    }

    @ServerExceptionMapper
    public Response busy(ServerBusyException e, UriInfo uri) {
        return Response.fromResponse(respond(new Problem(SERVER_BUSY, "Server busy", 503, e.getMessage(), uri.getPath(),
                null, null))).header(HttpHeaders.RETRY_AFTER, e.retryAfter().toSeconds()).build();
    }

    @ServerExceptionMapper
    public Response refinementFailed(RefinementFailedException e, UriInfo uri) {
        LOG.warnf("Refinement failed: %s", e.getMessage());
        return respond(Problem.of(RefinementProblems.failed(e.session(), e.upstream(), uri.getPath())));
    }

    /** The framework's own refusals (unknown path, method, media type) in the same shape. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json, uri); // the JSON reader wraps what it cannot read
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = switch (status) {
            case 404 -> "There is nothing at " + uri.getPath() + ": the API serves POST /v1/refinements, POST"
                    + " /v1/sessions, GET /v1/sessions/{id}, GET /v1/sessions/{id}/rounds, GET /v1/sessions/{id}/events, GET"
                    + " /v1/datasets and GET /v1/datasets/{dataset}/items; the OpenAPI document is at /q/openapi and"
                    + " the page to watch sessions at /.";
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
        return respond(Problem.of(RefinementProblems.unexpected(uri.getPath())));
    }

    private static Response invalid(List<Problem.FieldError> errors, UriInfo uri) {
        return respond(Problem.of(RefinementProblems.invalid(Problem.core(errors), uri.getPath())));
    }

    private static Response malformed(String field, String message, UriInfo uri) {
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field, message));
        return respond(new Problem(MALFORMED_BODY, "Malformed request body", 400, "The request body could not be read: "
                + field + ": " + message + ".", uri.getPath(), null, errors));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
