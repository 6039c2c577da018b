package dev.afl.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer in the RFC 9457 shape ({@code application/problem+json}): the same JSON as the API's
 * {@code Problem}, which the API documents; this one is what the functions can build.
 *
 * @param errors the fields at fault, empty when the problem is not about one field (never null, so always written)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(String type, String title, int status, String detail, String instance,
        String sessionId, List<FieldProblem> errors) {

    public ProblemDetails {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One field at fault, named by its path in the request ({@code candidates[3].id}, {@code maxRounds}). */
    public record FieldProblem(String field, String message) {
    }
}
