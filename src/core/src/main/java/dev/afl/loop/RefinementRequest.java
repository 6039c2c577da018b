package dev.afl.loop;

import dev.afl.InvalidRequestException;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemIds;
import dev.afl.memory.Budget;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A request to refine one recommendation: the user's history (oldest first) and the candidates, as items
 * (stable id and title).
 *
 * @param maxRounds the loop's round limit (the paper's default is 4)
 * @param budget    further limits (tokens, cost, wall time, patience); {@link Budget#NONE} for none
 */
public record RefinementRequest(String sessionId, String dataset, List<Item> history, List<Item> candidates,
        int maxRounds, Budget budget) {

    public static final int MAX_ROUNDS_LIMIT = 20;
    /** The refusals of a round limit out of range: the one wording of the loop, the API's Bean Validation and AWS. */
    public static final String MAX_ROUNDS_AT_LEAST = "maxRounds must be at least 1";
    public static final String MAX_ROUNDS_AT_MOST = "maxRounds must be at most " + MAX_ROUNDS_LIMIT;
    public static final int MAX_CANDIDATES = 100;
    public static final int MAX_HISTORY = 200;

    public RefinementRequest {
        history = history == null ? List.of() : List.copyOf(history);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        budget = budget == null ? Budget.NONE : budget;
    }

    /** A request limited by its round count only. */
    public RefinementRequest(String sessionId, String dataset, List<Item> history, List<Item> candidates,
            int maxRounds) {
        this(sessionId, dataset, history, candidates, maxRounds, null);
    }

    /** Checks the request; the first problem found is reported with its field. */
    public void validate(Predicate<String> known) {
        if (history.isEmpty()) {
            throw new InvalidRequestException("history", "The history is empty: give at least one item the user"
                    + " interacted with, oldest first.");
        }
        if (history.size() > MAX_HISTORY) {
            throw new InvalidRequestException("history", "The history has " + history.size() + " items; at most "
                    + MAX_HISTORY + " are accepted (only the last 10 are used).");
        }
        if (candidates.size() < 2) {
            throw new InvalidRequestException("candidates", "Give at least 2 candidates to choose from, got "
                    + candidates.size() + ".");
        }
        if (candidates.size() > MAX_CANDIDATES) {
            throw new InvalidRequestException("candidates", "Give at most " + MAX_CANDIDATES + " candidates, got "
                    + candidates.size() + ".");
        }
        Set<String> seen = new HashSet<>();
        for (Item candidate : candidates) {
            if (!seen.add(candidate.id())) {
                throw new InvalidRequestException("candidates", "Candidate '" + candidate.id() + "' is listed twice;"
                        + " each candidate must appear once.");
            }
        }
        if (maxRounds < 1 || maxRounds > MAX_ROUNDS_LIMIT) {
            throw new InvalidRequestException("maxRounds", maxRounds < 1 ? MAX_ROUNDS_AT_LEAST : MAX_ROUNDS_AT_MOST);
        }
        budget.validate();
        requireKnown(known, history, "history");
        requireKnown(known, candidates, "candidates");
    }

    private void requireKnown(Predicate<String> known, List<Item> items, String list) {
        for (int i = 0; i < items.size(); i++) {
            if (!known.test(items.get(i).id())) {
                throw ItemIds.unknownItem(list, i, items.get(i).id(), dataset);
            }
        }
    }
}
