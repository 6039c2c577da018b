package dev.afl.memory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.afl.InvalidRequestException;
import java.time.Duration;
import java.util.Locale;

/**
 * Per-session limits beyond the round count: LLM tokens, estimated cost, wall time, and stopping when the reward
 * model's scores of the proposals stop improving. Every limit is optional (null = none). The budget travels in
 * the session record, so the in-process loop and the state machine stop on the same rule.
 *
 * <p>Limits are checked between rounds: a round that has started is completed and stored, so a session can
 * overshoot a token or cost limit by at most one round's use, and no round is lost. The wall time is also the
 * deadline of the agents' LLM calls ({@link dev.afl.loop.BudgetCheck#wallTimeDeadline}): when it runs out, a call in flight is
 * cut and none starts, the round completes with the agents' fallbacks, and the session stops after it, so it ends
 * within the budget plus the round's local work.
 *
 * @param maxTokens             LLM input plus output tokens of both agents
 * @param maxCostUsd            estimated cost of those tokens at the prices below
 * @param inputPricePerMillion  US dollars per million input tokens (for the cost estimate)
 * @param outputPricePerMillion US dollars per million output tokens
 * @param maxWallTime           time since the session was created
 * @param patienceRounds        stop when the best reward score of the proposals has not improved over this many
 *                              consecutive rounds
 */
public record Budget(Long maxTokens, Double maxCostUsd, Double inputPricePerMillion, Double outputPricePerMillion,
        Duration maxWallTime, Integer patienceRounds) {

    public static final Budget NONE = new Budget(null, null, null, null, null, null);

    /** Whether no limit is set. */
    @JsonIgnore
    public boolean isEmpty() {
        return maxTokens == null && maxCostUsd == null && maxWallTime == null && patienceRounds == null;
    }

    /** The budget with prices filled in where a cost limit has none (the configured defaults). */
    public Budget withDefaultPrices(double inputPerMillion, double outputPerMillion) {
        return new Budget(maxTokens, maxCostUsd, inputPricePerMillion != null ? inputPricePerMillion : inputPerMillion,
                outputPricePerMillion != null ? outputPricePerMillion : outputPerMillion, maxWallTime, patienceRounds);
    }

    /** Checks the limits; the first problem is reported with its field. */
    public void validate() {
        if (maxTokens != null && maxTokens < 1) {
            throw new InvalidRequestException("budget.maxTokens", "budget.maxTokens must be at least 1, got "
                    + maxTokens + ".");
        }
        if (maxCostUsd != null && !(maxCostUsd > 0 && Double.isFinite(maxCostUsd))) {
            throw new InvalidRequestException("budget.maxCostUsd", "budget.maxCostUsd must be a positive amount of US"
                    + " dollars, got " + maxCostUsd + ".");
        }
        for (Double price : new Double[] {inputPricePerMillion, outputPricePerMillion}) {
            if (price != null && !(price >= 0 && Double.isFinite(price))) {
                throw new InvalidRequestException("budget.prices", "Token prices must be zero or positive US dollars"
                        + " per million tokens, got " + price + ".");
            }
        }
        if (maxCostUsd != null && (inputPricePerMillion == null || outputPricePerMillion == null)) {
            throw new InvalidRequestException("budget.maxCostUsd", "A cost limit needs the token prices"
                    + " (budget.inputPricePerMillion and budget.outputPricePerMillion).");
        }
        if (maxWallTime != null && (maxWallTime.isNegative() || maxWallTime.isZero())) {
            throw new InvalidRequestException("budget.maxWallTime", "budget.maxWallTime must be positive (e.g. 30s or"
                    + " PT30S), got " + maxWallTime + ".");
        }
        if (patienceRounds != null && patienceRounds < 1) {
            throw new InvalidRequestException("budget.patienceRounds", "budget.patienceRounds must be at least 1, got "
                    + patienceRounds + ".");
        }
    }

    /** The estimated cost of the given tokens at this budget's prices (0 without prices). */
    public double cost(long inputTokens, long outputTokens) {
        double in = inputPricePerMillion == null ? 0 : inputPricePerMillion;
        double out = outputPricePerMillion == null ? 0 : outputPricePerMillion;
        return inputTokens / 1e6 * in + outputTokens / 1e6 * out;
    }

    @Override
    public String toString() {
        return isEmpty() ? "no budget" : String.format(Locale.ROOT, "budget(tokens=%s, cost=%s, time=%s, patience=%s)",
                maxTokens, maxCostUsd, maxWallTime, patienceRounds);
    }
}
