package dev.afl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose Content-Length is over {@code quarkus.http.limits.max-body-size} as a problem (413 with what
 * the limit is), just before the HTTP layer's own check, which answers the same status with an empty body (found by
 * {@code ApiFuzzTest}). The body is not read: the connection is closed once the answer is sent, as the HTTP layer
 * does.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** The HTTP layer checks the limit in a route of order -2: this one runs first. */
    static final int ROUTE_ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> limit;
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(ROUTE_ORDER).handler(context -> refuseIfLarger(context,
                max.asLongValue())));
    }

    private void refuseIfLarger(RoutingContext context, long max) {
        long declared = declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= max) {
            context.next();
            return;
        }
        Problem problem = new Problem(ProblemMappers.BODY_TOO_LARGE, "Content too large", 413, "The request body has "
                + declared + " bytes; the API takes at most " + max + ", far more than the largest valid request"
                + " needs. Send a smaller request.", context.request().path(), null,
                List.of(new Problem.FieldError(FieldPaths.BODY, "at most " + max + " bytes")));
        try {
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(done -> context.request().connection().close())
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Content-Length, or -1 when there is none or it is no number (the HTTP layer answers those). */
    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
