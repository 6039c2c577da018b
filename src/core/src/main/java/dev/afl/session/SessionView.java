package dev.afl.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.afl.memory.Session;
import java.time.Instant;
import java.util.List;

/**
 * A refinement session as a caller is shown it: where it stands, its answer, and (when asked for) its transcript.
 * The local API answers it, and the refinement loop's finalize step returns it, so the synchronous answer is the same
 * JSON in both places.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionView(String sessionId, String status, String dataset, String agents, ItemView finalItem,
        int roundsPlayed, int maxRounds, String recommendationModel, String rewardModel, String failure,
        Instant createdAt, Instant updatedAt, List<RoundView> transcript, Links links) {

    /** Where a session and its transcript are. */
    public record Links(String self, String rounds) {

        public static Links of(String sessionId) {
            return new Links(path(sessionId), path(sessionId) + "/rounds");
        }
    }

    /** The path of a session in the HTTP API. */
    public static String path(String sessionId) {
        return "/v1/sessions/" + sessionId;
    }

    public static SessionView of(Session session, boolean withTranscript) {
        ItemView finalItem = session.finalItemId() == null ? null : session.request().candidates().stream()
                .filter(item -> item.id().equals(session.finalItemId())).findFirst().map(ItemView::of)
                .orElse(new ItemView(session.finalItemId(), null));
        String agents = session.rounds().isEmpty() ? null : session.rounds().getFirst().recommender().kind();
        return new SessionView(session.id(), session.status().name(), session.request().dataset(), agents, finalItem,
                session.rounds().size(), session.request().maxRounds(), session.request().recommendationModel(),
                session.request().rewardModel(), session.failure(), session.createdAt(), session.updatedAt(),
                withTranscript ? session.rounds().stream().map(RoundView::of).toList() : null, Links.of(session.id()));
    }
}
