package dev.afl.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A query parameter given twice ({@code ?limit=5&limit=6}) is refused, naming it: JAX-RS would silently take the
 * first value, and which one the client meant is not ours to guess.
 */
public class SingleQueryParameters {

    @ServerRequestFilter
    public void refuseRepeatedParameters(ContainerRequestContext request) {
        List<Problem.FieldError> repeated = request.getUriInfo().getQueryParameters().entrySet().stream()
                .filter(parameter -> parameter.getValue().size() > 1)
                .map(Map.Entry::getKey).sorted()
                .map(name -> new Problem.FieldError(name, "the query parameter '" + name + "' is given more than once;"
                        + " give it once"))
                .toList();
        if (!repeated.isEmpty()) {
            throw new InvalidFieldsException(repeated);
        }
    }
}
