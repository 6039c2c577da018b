package dev.afl.loop;

import dev.afl.AgentTrace;
import dev.afl.Deadline;
import dev.afl.memory.Budget;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a session has used up its {@link Budget}, judged from its stored rounds alone (tokens and reward scores
 * are in the rounds, the start time in the session), so any step, anywhere, reaches the same answer.
 */
public final class BudgetCheck {

    private BudgetCheck() {
    }

    /** The status the session should stop with because of its budget, if any; checked in a fixed order. */
    public static Optional<SessionStatus> exceeded(Session session, Instant now) {
        Budget budget = session.request().budget();
        if (budget == null || budget.isEmpty() || session.rounds().isEmpty()) {
            return Optional.empty();
        }
        long input = 0;
        long output = 0;
        for (RoundRecord round : session.rounds()) {
            for (AgentTrace trace : new AgentTrace[] {round.recommender(), round.user()}) {
                if (trace != null) {
                    input += trace.inputTokens();
                    output += trace.outputTokens();
                }
            }
        }
        if (budget.maxTokens() != null && input + output >= budget.maxTokens()) {
            return Optional.of(SessionStatus.TOKEN_BUDGET);
        }
        if (budget.maxCostUsd() != null && budget.cost(input, output) >= budget.maxCostUsd()) {
            return Optional.of(SessionStatus.COST_BUDGET);
        }
        if (budget.maxWallTime() != null && session.createdAt() != null
                && Duration.between(session.createdAt(), now).compareTo(budget.maxWallTime()) >= 0) {
            return Optional.of(SessionStatus.TIME_BUDGET);
        }
        if (budget.patienceRounds() != null && stalled(session.rounds(), budget.patienceRounds())) {
            return Optional.of(SessionStatus.NO_IMPROVEMENT);
        }
        return Optional.empty();
    }

    /**
     * When the session's wall-time budget runs out, as the deadline of its outside calls (null without one): the
     * LLM calls in flight are cut then and none starts after, so a round in progress ends with its fallbacks and the
     * check between rounds stops the session as {@link SessionStatus#TIME_BUDGET}.
     */
    public static Deadline wallTimeDeadline(Session session) {
        Budget budget = session.request().budget();
        if (budget == null || budget.maxWallTime() == null || session.createdAt() == null) {
            return null;
        }
        return new Deadline(session.createdAt().plus(budget.maxWallTime()), "the session's time budget ("
                + budget.maxWallTime() + ")", true);
    }

    /** The best reward of the last {@code patience} rounds is no better than the best before them. */
    static boolean stalled(List<RoundRecord> rounds, int patience) {
        if (rounds.size() <= patience) {
            return false;
        }
        float before = Float.NEGATIVE_INFINITY;
        for (RoundRecord round : rounds.subList(0, rounds.size() - patience)) {
            before = Math.max(before, round.rewardScore());
        }
        for (RoundRecord round : rounds.subList(rounds.size() - patience, rounds.size())) {
            if (round.rewardScore() > before) {
                return false;
            }
        }
        return true;
    }
}
