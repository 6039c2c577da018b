package dev.afl.evaluation;

import dev.afl.AflException;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The paper's protocol: rows with at least {@code minHistory} history items, history capped at the last
 * {@code maxHistory}, candidates = the true next item + {@code candidateCount - 1} items drawn uniformly from
 * the catalog items outside the history, shuffled. Two ways to draw them ({@link CandidateLists}):
 * <ul>
 *   <li>{@link #paperCases}: the reference code's own lists, one per row, drawn in file order by Python's
 *       {@code random} from {@code random.seed(303)} ({@link PythonRandom});</li>
 *   <li>{@link #cases(Dataset, Split, long)}: one list per row and seed, each case from its own generator seeded
 *       from (seed, row), so a case's candidates do not depend on which other rows are evaluated or in what
 *       order: a fan-out worker and a local run draw the same lists.</li>
 * </ul>
 */
public record EvaluationProtocol(int candidateCount, int minHistory, int maxHistory) {

    public static final EvaluationProtocol PAPER = new EvaluationProtocol(20, 3, 10);

    public EvaluationProtocol {
        if (candidateCount < 2 || minHistory < 1 || maxHistory < minHistory) {
            throw new IllegalArgumentException("invalid protocol: candidates " + candidateCount + ", history "
                    + minHistory + ".." + maxHistory);
        }
    }

    public List<EvaluationCase> cases(Dataset dataset, Split split, long seed) {
        List<EvaluationCase> cases = new ArrayList<>();
        for (SequenceRow row : dataset.rows(split)) {
            if (row.history().size() >= minHistory) {
                cases.add(caseFor(dataset.name(), dataset.catalog(), row, seed));
            }
        }
        return cases;
    }

    /**
     * The cases of every seed, seed after seed, over the split's first {@code firstRows} rows in file order (all rows
     * when null): what a local experiment plays and what the fan-out's case file holds.
     */
    public List<EvaluationCase> cases(Dataset dataset, Split split, List<Long> seeds, Integer firstRows) {
        int limit = rowLimit(dataset.rows(split), firstRows);
        List<EvaluationCase> cases = new ArrayList<>();
        for (long seed : seeds) {
            cases.addAll(cases(dataset, split, seed).stream().filter(c -> c.row() < limit).toList());
        }
        return cases;
    }

    /**
     * The cases of the chosen lists over the split's first {@code firstRows} rows (all when null): the paper's list
     * of each row, or every seed's ({@code seeds} is used only for {@link CandidateLists#SEEDS}).
     */
    public List<EvaluationCase> cases(Dataset dataset, Split split, CandidateLists lists, List<Long> seeds,
            Integer firstRows) {
        if (lists == CandidateLists.SEEDS) {
            return cases(dataset, split, seeds, firstRows);
        }
        int limit = rowLimit(dataset.rows(split), firstRows);
        return paperCases(dataset, split).stream().filter(c -> c.row() < limit).toList();
    }

    /**
     * The reference code's own candidate lists (LLaRA's and AFL's loaders, {@code scripts/evaluate_rec.sh}):
     * {@code random.seed(303)} once, then for every row with at least {@code minHistory} history items, in file
     * order, {@code random.sample} of {@code candidateCount - 1} items from all item indices in ascending order that
     * are neither in the row's (whole) history nor its target, the target appended, {@code random.shuffle}.
     *
     * <p>Item indices are catalog positions, so the catalog must be in the processed order the lists were drawn
     * over: the reference splits' ({@code ReferenceSplitImporter} keeps it). A row's list depends on every row
     * before it: a subset of rows is taken after drawing the whole split.
     */
    public List<EvaluationCase> paperCases(Dataset dataset, Split split) {
        ItemCatalog catalog = dataset.catalog();
        PythonRandom random = new PythonRandom(CandidateLists.PAPER_SEED);
        List<EvaluationCase> cases = new ArrayList<>();
        for (SequenceRow row : dataset.rows(split)) {
            if (row.history().size() < minHistory) {
                continue;
            }
            Set<String> excluded = new HashSet<>(row.history());
            excluded.add(row.next());
            List<String> pool = new ArrayList<>(catalog.size());
            for (Item item : catalog.items()) {
                if (!excluded.contains(item.id())) {
                    pool.add(item.id());
                }
            }
            requirePool(dataset.name(), row, pool.size());
            List<String> candidates = random.sample(pool, candidateCount - 1);
            candidates.add(row.next());
            random.shuffle(candidates);
            cases.add(new EvaluationCase(dataset.name(), row.row(), recent(row), candidates, row.next(),
                    CandidateLists.PAPER_SEED, CandidateLists.PAPER));
        }
        return cases;
    }

    /** The row number below which the first {@code firstRows} rows lie (no limit when null). */
    private static int rowLimit(List<SequenceRow> rows, Integer firstRows) {
        return firstRows == null || firstRows >= rows.size() ? Integer.MAX_VALUE : rows.get(firstRows).row();
    }

    public EvaluationCase caseFor(String dataset, ItemCatalog catalog, SequenceRow row, long seed) {
        List<String> history = recent(row);
        Set<String> excluded = new HashSet<>(row.history());
        excluded.add(row.next());
        requirePool(dataset, row, catalog.size() - (int) excluded.stream().filter(catalog::contains).count());
        SplittableRandom random = new SplittableRandom(caseSeed(seed, row.row()));
        List<String> candidates = new ArrayList<>(candidateCount);
        Set<String> drawn = new HashSet<>();
        while (candidates.size() < candidateCount - 1) {
            String id = catalog.get(random.nextInt(catalog.size())).id();
            if (!excluded.contains(id) && drawn.add(id)) {
                candidates.add(id);
            }
        }
        candidates.add(row.next());
        for (int i = candidates.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, swap);
        }
        return new EvaluationCase(dataset, row.row(), history, candidates, row.next(), seed);
    }

    /** The history the agents and models see: the row's last {@code maxHistory} items. */
    private List<String> recent(SequenceRow row) {
        return row.history().subList(Math.max(0, row.history().size() - maxHistory), row.history().size());
    }

    private void requirePool(String dataset, SequenceRow row, int pool) {
        if (pool < candidateCount - 1) {
            throw new AflException("Row " + row.row() + " of " + dataset + " leaves only " + pool
                    + " items to sample negatives from; the protocol needs " + (candidateCount - 1) + ".");
        }
    }

    /** A well-mixed per-case seed (SplitMix64 finaliser over seed and row). */
    static long caseSeed(long seed, int row) {
        long z = seed * 0x9E3779B97F4A7C15L + row + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
