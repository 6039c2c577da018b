package dev.afl.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Serves the OpenAPI document the build generated from this package's annotations (smallrye-open-api-maven-plugin):
 * JSON, or YAML with {@code ?format=yaml} or {@code Accept: application/yaml}.
 */
@Path("/q/openapi")
public class OpenApiResource {

    static final String JSON = "application/json";
    static final String YAML = "application/yaml";

    @GET
    @Produces({JSON, YAML})
    @Operation(hidden = true)
    public Response document(@QueryParam("format") String format, HttpHeaders headers) {
        boolean yaml = format != null ? format.equalsIgnoreCase("yaml")
                : headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.toString().startsWith(YAML));
        String resource = "openapi/openapi." + (yaml ? "yaml" : "json");
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new NotFoundException("the build did not generate " + resource);
            }
            return Response.ok(in.readAllBytes(), yaml ? YAML : JSON).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
