package dev.afl.memory;

import dev.afl.AgentTrace;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The port through which the loop keeps sessions: the agents' memories and the transcript are the stored
 * rounds. A round is written in three steps (proposal, reward, judgement), so that each serverless function
 * writes once. Every write is idempotent, because steps are retried: a step already stored returns the stored
 * session and writes nothing; a step out of order is refused.
 *
 * <p>Writes take the session as the caller read it, so that a step costs one read and one (conditional)
 * write; stores that can re-read cheaply apply the change to what they hold instead.
 */
public interface MemoryStore {

    /** What a session id may be (it names a file, a DynamoDB key and a state-machine execution). */
    String SESSION_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    Pattern SESSION_ID = Pattern.compile(SESSION_ID_PATTERN);

    /** Creates the session, or returns it if it exists with the same request. */
    Session create(String sessionId, SessionRequest request);

    /** Records round {@code round}'s proposal (it must be the next round). */
    Session saveProposal(Session current, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender);

    /** Records the reward of round {@code round}'s proposal. */
    Session saveReward(Session current, int round, float score, int rank, List<Float> scores);

    /** Records the user's judgement, completing round {@code round}. */
    Session saveJudgement(Session current, int round, boolean accepted, String reason, AgentTrace user);

    /** Marks the session terminal; finishing again with the same outcome is a no-op. */
    Session finish(Session current, SessionStatus status, String finalItemId, String failure);

    /**
     * Records that the ended session's result event was published (the state machine, after putting it on the bus);
     * recording it again is a no-op.
     */
    Session recordResultPublished(Session current);

    Optional<Session> find(String sessionId);

    default Session require(String sessionId) {
        return find(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    /** Stores a whole round in its three steps (the in-process path and tests). */
    default Session appendRound(String sessionId, RoundRecord round) {
        Session proposed = saveProposal(require(sessionId), round.round(), round.itemId(), round.itemTitle(),
                round.recommendationReason(), round.recommender());
        Session rewarded = saveReward(proposed, round.round(), round.rewardScore(), round.rewardRank(), List.of());
        return saveJudgement(rewarded, round.round(), round.accepted(), round.userReason(), round.user());
    }

    /** Ends a session by id (tests and tools). */
    default Session finish(String sessionId, SessionStatus status, String finalItemId, String failure) {
        return finish(require(sessionId), status, finalItemId, failure);
    }

    static String checkId(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new dev.afl.AflException("Invalid session id '" + sessionId + "': use 1-128 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit.");
        }
        return sessionId;
    }
}
