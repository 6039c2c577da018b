package dev.afl.evaluation.fanout;

import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.EvaluationCase;
import java.util.List;

/**
 * One line of the fan-out's case file: an evaluation case with the titles of its items, so the deployed loop can
 * play it without a catalog. {@code history}, {@code candidates} and {@code dataset} are the loop's start event.
 *
 * @param caseId the case's name in the per-case results ({@link EvaluationCase#id()})
 * @param lists  which candidate lists the case belongs to: {@code paper} or {@code seeds} (a line without it, from
 *               a case file written before the paper's lists, is a seeded draw)
 * @param target the true next item (never shown to the loop; the metrics compare against it)
 */
public record FanOutCase(String caseId, String dataset, int row, long seed, CandidateLists lists, List<Item> history,
        List<Item> candidates, String target) {

    public FanOutCase {
        lists = lists == null ? CandidateLists.SEEDS : lists;
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
    }

    public static FanOutCase of(EvaluationCase c, ItemCatalog catalog) {
        return new FanOutCase(c.id(), c.dataset(), c.row(), c.seed(), c.lists(),
                c.history().stream().map(catalog::require).toList(),
                c.candidates().stream().map(catalog::require).toList(), c.target());
    }

    /** The evaluation case this line stands for. */
    public EvaluationCase evaluationCase() {
        return new EvaluationCase(dataset, row, history.stream().map(Item::id).toList(),
                candidates.stream().map(Item::id).toList(), target, seed, lists);
    }
}
