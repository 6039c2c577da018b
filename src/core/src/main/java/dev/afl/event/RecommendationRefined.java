package dev.afl.event;

import dev.afl.catalog.Item;
import dev.afl.memory.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The detail of the {@code RecommendationRefined} event the loop publishes when a session ends
 * ({@code infra/events/recommendation-refined.schema.json}). The state machine also publishes it, with status
 * {@code REFUSED}, for a request it could not start; that one is built in the definition, not here.
 *
 * <p>The state machine publishes the event at least once: a delivery of the request that finds the event recorded as
 * published publishes nothing, and one that publishes it again (the record was lost) publishes the very same event,
 * {@code eventId} included, so a consumer keeps one per {@code eventId}.
 *
 * @param eventId    stable for the session: {@link #eventId(String, Instant)} of its id and creation instant
 * @param finalItem  the answer (the last proposal), or null when the session failed before any proposal
 * @param rounds     rounds played
 * @param stopReason why the session ended, in words (the failure for FAILED)
 * @param startedAt  ISO-8601 instant the session was created
 * @param finishedAt ISO-8601 instant it ended
 */
public record RecommendationRefined(String eventId, String sessionId, String dataset, String status, FinalItem finalItem,
        int rounds, int maxRounds, String stopReason, String startedAt, String finishedAt) {

    /** The recommended item with its title, so a consumer needs no catalog. */
    public record FinalItem(String id, String title) {
    }

    /** The event of a terminal session. */
    public static RecommendationRefined of(Session session) {
        if (!session.status().terminal()) {
            throw new IllegalStateException("Session '" + session.id() + "' is still running: no result event yet.");
        }
        FinalItem finalItem = session.finalItemId() == null ? null
                : new FinalItem(session.finalItemId(), title(session, session.finalItemId()));
        int rounds = session.rounds().size();
        String reason = switch (session.status()) {
            case ACCEPTED -> "The user agent accepted the item in round " + rounds + ".";
            case MAX_ROUNDS -> "The round limit (" + session.request().maxRounds()
                    + ") was reached without acceptance; the last proposal is the answer.";
            case TOKEN_BUDGET -> "The session's token budget (" + session.request().budget().maxTokens()
                    + " tokens) was used up after round " + rounds + "; the last proposal is the answer.";
            case COST_BUDGET -> "The session's cost budget (US$" + session.request().budget().maxCostUsd()
                    + ") was used up after round " + rounds + "; the last proposal is the answer.";
            case TIME_BUDGET -> "The session's wall-time budget (" + session.request().budget().maxWallTime()
                    + ") was used up after round " + rounds + "; the last proposal is the answer.";
            case NO_IMPROVEMENT -> "The reward of the proposals did not improve for "
                    + session.request().budget().patienceRounds() + " rounds; the last proposal is the answer.";
            case FAILED -> session.failure();
            case RUNNING -> throw new IllegalStateException("unreachable");
        };
        return new RecommendationRefined(eventId(session.id(), session.createdAt()), session.id(),
                session.request().dataset(), session.status().name(), finalItem, rounds,
                session.request().maxRounds(), reason, session.createdAt().toString(), session.updatedAt().toString());
    }

    /**
     * The id of a session's result event: the SHA-256, in lowercase hex, of the session id, a space and the ISO-8601
     * instant it was created (the event's {@code startedAt}). The same for every delivery of the session's request;
     * a session id used again after its session expired gets another. (A REFUSED event, built by the state machine,
     * hashes the session id, {@code " REFUSED "} and the reason.)
     */
    public static String eventId(String sessionId, Instant createdAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sessionId + " " + createdAt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String title(Session session, String itemId) {
        return session.request().candidates().stream().filter(item -> item.id().equals(itemId)).map(Item::title)
                .findFirst().orElse(itemId);
    }
}
