package dev.afl.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.afl.session.ProblemDetails;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error answer in the RFC 9457 shape ({@code application/problem+json}), with the fields at fault: what was
 * wrong and how to fix it, never a stack trace.
 */
@Schema(name = "Problem", description = "An error (RFC 9457 problem details): what was wrong and how to fix it, with"
        + " the request fields at fault.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(description = "The kind of problem, as a URI.", examples = "urn:afl:problem:invalid-request")
        String type,
        @Schema(description = "The kind of problem, in words.", examples = "Invalid request") String title,
        @Schema(description = "The HTTP status.", examples = "400") int status,
        @Schema(description = "What was wrong and how to fix it.",
                examples = "1 field of the request is invalid: candidates[3].id.")
        String detail,
        @Schema(description = "The request path.", examples = "/v1/refinements") String instance,
        @Schema(description = "The session concerned, where there is one.") String sessionId,
        @Schema(description = "The fields at fault (empty when the problem is not about one field).")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** The problem as the core words it (the same JSON). */
    static Problem of(ProblemDetails problem) {
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.instance(),
                problem.sessionId(), problem.errors().stream().map(e -> new FieldError(e.field(), e.message()))
                        .toList());
    }

    /** The fields at fault as the core takes them. */
    static List<ProblemDetails.FieldProblem> core(List<FieldError> errors) {
        return errors.stream().map(e -> new ProblemDetails.FieldProblem(e.field(), e.message())).toList();
    }

    /** One field at fault, named by its path in the request ({@code candidates[3].id}, {@code maxRounds}). */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "The field's path in the request body (or the query parameter, path parameter or"
                    + " header).", examples = "candidates[3].id")
            String field,
            @Schema(description = "What is wrong with it and what would be right.",
                    examples = "item '96' is already listed at index 0; each item may appear once")
            String message) {
    }
}
