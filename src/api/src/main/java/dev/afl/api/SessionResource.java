package dev.afl.api;

import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.session.SessionView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sessions: the asynchronous refinement (submit, then follow), and any stored session with its transcript. */
@Path("/v1/sessions")
@Tag(name = "Sessions", description = "Start a refinement in the background and follow it; read stored sessions.")
public class SessionResource {

    static final int DEFAULT_PAGE = 10;
    static final int MAX_PAGE = 20;
    static final String ID_MESSAGE = "a session id is 1-128 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit";

    @Inject
    RefinementService refinements;
    @Inject
    SessionEvents events;

    static String path(String sessionId) {
        return SessionView.path(sessionId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitRefinement", summary = "Start a refinement in the background",
            description = "Checks the request, stores the session and answers at once with its id and Location; the"
                    + " loop runs on a bounded pool of workers. Resending the same sessionId and request answers the"
                    + " stored session: 202 with its Location while it runs, 200 once it has ended (and resumes it if"
                    + " the server restarted while it ran).")
    @APIResponse(responseCode = "202", description = "Accepted: the session is RUNNING; follow the Location.",
            headers = @Header(name = "Location", description = "The session's URL.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionSchema.class)))
    @APIResponse(responseCode = "200", description = "This session had already ended: it is answered as stored.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionSchema.class)))
    @APIResponse(responseCode = "400", description = "The request is invalid; errors names each field at fault."
            + " Nothing is stored.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    @APIResponse(responseCode = "409", description = "The sessionId is taken by another request.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is over the server's limit (1 MB by default); it is"
            + " not read.", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not sent as application/json (or has no"
            + " Content-Type).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Every worker is busy and the queue is full; nothing is stored."
            + " Retry after the Retry-After seconds.", headers = @Header(name = "Retry-After",
                    description = "Seconds to wait.", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(
            @RequestBody(required = true, description = "The user's history and the candidates.", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefinementBody.class),
                    examples = @ExampleObject(name = "lastfm", value = ApiExamples.REQUEST)))
            @Valid @NotNull(message = FieldPaths.BODY_MISSING) RefinementBody body) {
        Session session = refinements.submit(body);
        SessionView view = SessionView.of(session, false);
        return (session.status().terminal() ? Response.ok(view) : Response.accepted(view))
                .location(URI.create(path(session.id()))).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSession", summary = "A session: its status, final item and counts")
    @APIResponse(responseCode = "200", description = "The session as stored now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionSchema.class)))
    @APIResponse(responseCode = "400", description = "The id is not a session id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No session has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SessionView session(@PathParam("id") @Parameter(description = "The session's id.",
            schema = @Schema(type = SchemaType.STRING, pattern = MemoryStore.SESSION_ID_PATTERN))
            @Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = ID_MESSAGE) String id) {
        return SessionView.of(refinements.session(id), false);
    }

    @GET
    @Path("/{id}/rounds")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSessionRounds", summary = "A page of a session's transcript",
            description = "The rounds played so far, in order, " + DEFAULT_PAGE + " per page unless limit says"
                    + " otherwise (at most " + MAX_PAGE + "); next links to the following page.")
    @APIResponse(responseCode = "200", description = "The page.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundsPage.class)))
    @APIResponse(responseCode = "400", description = "The id, offset or limit is out of range.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No session has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RoundsPage rounds(
            @PathParam("id") @Parameter(description = "The session's id.",
            schema = @Schema(type = SchemaType.STRING, pattern = MemoryStore.SESSION_ID_PATTERN))
            @Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = ID_MESSAGE) String id,
            // Offset and limit are taken as text, checked by a pattern: a number JAX-RS cannot convert would be
            // answered 404 without naming the parameter, and a pattern refuses "ten" and 21 with one message.
            @QueryParam("offset") @DefaultValue("0") @Parameter(in = ParameterIn.QUERY, description = "Rounds to skip.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @Pattern(regexp = "[0-9]{1,6}", message = "offset must be a whole number from 0 to 999999") String offset,
            @QueryParam("limit") @DefaultValue("" + DEFAULT_PAGE)
            @Parameter(in = ParameterIn.QUERY, description = "Rounds per page.", schema = @Schema(
                    type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_PAGE,
                    defaultValue = "" + DEFAULT_PAGE))
            // 1..MAX_PAGE (20), spelled out.
            @Pattern(regexp = "[1-9]|1[0-9]|20", message = "limit must be a whole number from 1 to " + MAX_PAGE)
            String limit) {
        return RoundsPage.of(refinements.session(id), Integer.parseInt(offset), Integer.parseInt(limit));
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // the session is read before the stream starts (an unknown one is answered 404, not a stream)
    @Operation(operationId = "streamSession", summary = "Follow a session as it is played (Server-Sent Events)",
            description = "One event per completed round, in order: `event: round`, `id: <round number>`, `data:` the"
                    + " round as one line of JSON (as the rounds pages carry it). Once the session has ended:"
                    + " `event: session`, `data:` the session as GET /v1/sessions/{id} answers it, and the stream"
                    + " closes (a session that has ended already streams its rounds, then that event). While the"
                    + " session runs, a comment line `: keep-alive` comes after " + SessionEvents.KEEP_ALIVE_SECONDS + " s without an event. The"
                    + " stream closes after the server's deadline (afl.api.events-deadline, 30 min by default):"
                    + " reconnect with Last-Event-ID to follow on. Last-Event-ID (or, for a URL opened by hand, the"
                    + " query parameter after) skips the rounds up to that number.")
    @APIResponse(responseCode = "200", description = "The stream: `round` events, then one `session` event.",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "events", value = ApiExamples.EVENTS)))
    @APIResponse(responseCode = "400", description = "The id, Last-Event-ID or after is not valid.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No session has this id (answered before any stream starts).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> events(
            @PathParam("id") @Parameter(description = "The session's id.",
            schema = @Schema(type = SchemaType.STRING, pattern = MemoryStore.SESSION_ID_PATTERN))
            @Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = ID_MESSAGE) String id,
            @HeaderParam("Last-Event-ID") @Parameter(in = ParameterIn.HEADER, description = "The last round"
                    + " received: the stream starts after it (what an EventSource sends when it reconnects).",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @Pattern(regexp = "[0-9]{1,6}", message = "Last-Event-ID must be a round number from 0 to 999999")
            String lastEventId,
            @QueryParam("after") @Parameter(in = ParameterIn.QUERY, description = "As Last-Event-ID, for a URL"
                    + " opened by hand; the header wins when both are given.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @Pattern(regexp = "[0-9]{1,6}", message = "after must be a round number from 0 to 999999") String after,
            @Context Sse sse) {
        String skip = lastEventId != null ? lastEventId : after;
        return events.follow(id, skip == null ? 0 : Integer.parseInt(skip), sse);
    }
}
