package dev.afl.evaluation;

import dev.afl.AflException;
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
 * the catalog items outside the history, shuffled.
 *
 * <p>Each case draws from its own generator, seeded from (seed, row), so a case's candidates do not depend
 * on which other rows are evaluated or in what order: a fan-out worker and a local run draw the same lists.
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
        List<SequenceRow> rows = dataset.rows(split);
        int limit = firstRows == null || firstRows >= rows.size() ? Integer.MAX_VALUE : rows.get(firstRows).row();
        List<EvaluationCase> cases = new ArrayList<>();
        for (long seed : seeds) {
            cases.addAll(cases(dataset, split, seed).stream().filter(c -> c.row() < limit).toList());
        }
        return cases;
    }

    public EvaluationCase caseFor(String dataset, ItemCatalog catalog, SequenceRow row, long seed) {
        List<String> history = row.history().subList(Math.max(0, row.history().size() - maxHistory),
                row.history().size());
        Set<String> excluded = new HashSet<>(row.history());
        excluded.add(row.next());
        int pool = catalog.size() - (int) excluded.stream().filter(catalog::contains).count();
        if (pool < candidateCount - 1) {
            throw new AflException("Row " + row.row() + " of " + dataset + " leaves only " + pool
                    + " items to sample negatives from; the protocol needs " + (candidateCount - 1) + ".");
        }
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

    /** A well-mixed per-case seed (SplitMix64 finaliser over seed and row). */
    static long caseSeed(long seed, int row) {
        long z = seed * 0x9E3779B97F4A7C15L + row + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
