package dev.afl.api;

import dev.afl.session.SessionView;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The synchronous refinement: the loop runs while the client waits, and the answer carries the transcript. */
@Path("/v1/refinements")
@Tag(name = "Refinements", description = "Refine one recommendation with the agentic feedback loop.")
public class RefinementResource {

    @Inject
    RefinementService refinements;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refine", summary = "Refine one recommendation and wait for the answer",
            description = "Runs the loop to its end (accepted, or the round limit) and answers the final item with the"
                    + " whole transcript. The session is stored as it goes: GET /v1/sessions/{id} shows it later. The"
                    + " same sessionId and request sent again is answered with that session, never played twice. For"
                    + " slow (LLM) agents prefer POST /v1/sessions, which answers at once.")
    @APIResponse(responseCode = "200", description = "The session has ended: status ACCEPTED or MAX_ROUNDS, the final"
            + " item, the transcript.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionSchema.class)))
    @APIResponse(responseCode = "400", description = "The request is invalid; errors names each field at fault."
            + " Nothing is stored.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    @APIResponse(responseCode = "409", description = "The sessionId is taken by another request. (The same request"
            + " sent again is answered with the session: as stored, or, while it runs, its outcome once it ends.)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is over the server's limit (1 MB by default); it is"
            + " not read.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not sent as application/json (or has no"
            + " Content-Type).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "The loop failed; the session is stored as FAILED (sessionId says"
            + " which).", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "The LLM could not answer; the session is stored as FAILED.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SessionView refine(
            @RequestBody(required = true, description = "The user's history and the candidates.", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefinementBody.class),
                    examples = @ExampleObject(name = "lastfm", value = ApiExamples.REQUEST)))
            @Valid @NotNull(message = FieldPaths.BODY_MISSING) RefinementBody body) {
        return SessionView.of(refinements.refine(body), true);
    }
}
