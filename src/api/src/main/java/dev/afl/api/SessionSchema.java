package dev.afl.api;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documentation of {@link dev.afl.session.SessionView}, the session as the API answers it: the core record carries
 * no OpenAPI annotations (the core may not depend on MicroProfile), so its schema is described here, component for
 * component ({@code ViewSchemasTest} checks that they match), and the resources name this class as the schema.
 */
@Schema(name = "Session", description = "A refinement session: its status, the final item once it has ended, and"
        + " counts; the synchronous endpoint adds the whole transcript.")
public record SessionSchema(
        @Schema(description = "The session's id.", examples = "3f2c6d1e-8a4b-4a57-9d0e-2b9f5f0c1a77") String sessionId,
        @Schema(description = "RUNNING, then ACCEPTED (the user agent accepted the last proposal), MAX_ROUNDS (the"
                + " round limit was reached; the answer is still the last proposal), a budget limit that was reached"
                + " (TOKEN_BUDGET, COST_BUDGET, TIME_BUDGET, NO_IMPROVEMENT; the answer is the last proposal) or"
                + " FAILED.", examples = "ACCEPTED", enumeration = {"RUNNING", "ACCEPTED", "MAX_ROUNDS", "TOKEN_BUDGET",
                "COST_BUDGET", "TIME_BUDGET", "NO_IMPROVEMENT", "FAILED"})
        String status,
        @Schema(description = "The dataset.", examples = "lastfm") String dataset,
        @Schema(description = "Which agents played: offline (model-driven policies) or llm; absent before round 1.",
                examples = "offline")
        String agents,
        @Schema(description = "The answer: the last proposal; absent while running.") ApiItem finalItem,
        @Schema(description = "Rounds played so far.", examples = "2") int roundsPlayed,
        @Schema(description = "The round limit.", examples = "4") int maxRounds,
        @Schema(description = "The recommendation model the agent consulted.", examples = "lastfm/gru4rec")
        String recommendationModel,
        @Schema(description = "The reward model that scored the proposals.", examples = "lastfm/sasrec")
        String rewardModel,
        @Schema(description = "Why a FAILED session failed.") String failure,
        @Schema(description = "When the session was created.") Instant createdAt,
        @Schema(description = "When it last changed.") Instant updatedAt,
        @Schema(description = "The transcript, round by round (in the synchronous answer; otherwise page through"
                + " links.rounds).")
        List<RoundSchema> transcript,
        @Schema(description = "Where to follow the session.") Links links) {

    /** Where a session and its transcript are. */
    @Schema(name = "SessionLinks")
    public record Links(
            @Schema(examples = "/v1/sessions/3f2c6d1e-8a4b-4a57-9d0e-2b9f5f0c1a77") String self,
            @Schema(examples = "/v1/sessions/3f2c6d1e-8a4b-4a57-9d0e-2b9f5f0c1a77/rounds") String rounds) {
    }
}
