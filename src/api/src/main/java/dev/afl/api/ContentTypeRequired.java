package dev.afl.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request body must say that it is JSON. JAX-RS lets a request without a Content-Type match any {@code @Consumes},
 * so such a body would be read as JSON and, if it happened to be a valid request, run and stored (found by
 * {@code ApiFuzzTest}); it is answered 415 instead, as any other type that is not JSON is.
 */
public class ContentTypeRequired {

    @ServerRequestFilter
    public void requireContentType(ContainerRequestContext request) {
        // The raw header: getMediaType() throws on one that is no media type (that one is refused 415 when matched).
        String sent = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if ((sent == null || sent.isBlank()) && HttpMethod.POST.equals(request.getMethod())) {
            throw new NotSupportedException("The request has no Content-Type");
        }
    }
}
