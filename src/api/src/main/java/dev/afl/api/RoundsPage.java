package dev.afl.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.afl.memory.Session;
import dev.afl.session.RoundView;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of a session's transcript. */
@Schema(name = "RoundsPage", description = "Rounds offset+1 .. offset+limit of a session's transcript.")
public record RoundsPage(
        @Schema(description = "The session's id.") String sessionId,
        @Schema(description = "The session's status (more rounds may follow while RUNNING).", examples = "RUNNING")
        String status,
        @Schema(description = "Rounds skipped.", examples = "0") int offset,
        @Schema(description = "The most rounds this page holds.", examples = "10") int limit,
        @Schema(description = "Rounds played in all.", examples = "3") int total,
        @Schema(description = "The rounds of this page, in order.", type = SchemaType.ARRAY,
                implementation = RoundSchema.class)
        List<RoundView> rounds,
        @Schema(description = "The next page, absent on the last.",
                examples = "/v1/sessions/3f2c6d1e-8a4b-4a57-9d0e-2b9f5f0c1a77/rounds?offset=10&limit=10")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String next) {

    static RoundsPage of(Session session, int offset, int limit) {
        int total = session.rounds().size();
        List<RoundView> rounds = session.rounds().subList(Math.min(offset, total), Math.min(offset + limit, total))
                .stream().map(RoundView::of).toList();
        String next = offset + limit < total
                ? SessionResource.path(session.id()) + "/rounds?offset=" + (offset + limit) + "&limit=" + limit : null;
        return new RoundsPage(session.id(), session.status().name(), offset, limit, total, rounds, next);
    }
}
