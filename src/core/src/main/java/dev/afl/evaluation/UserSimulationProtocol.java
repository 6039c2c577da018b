package dev.afl.evaluation;

import dev.afl.AflException;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.UserHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The user-simulation experiment of the paper (Table 5), built as the reference builds it. For a user with
 * recent items {@code x} and {@code init = len(x) - 10}:
 * <ul>
 *   <li>the loop part: history {@code x[:init-1]}, true next {@code x[init-1]}, 20 candidates (the next item and
 *       19 items the user never interacted with);</li>
 *   <li>the judgement part: history {@code x[:init]}, positives {@code x[init : init+p]}, negatives drawn from
 *       items outside everything the user interacted with and outside the loop's candidates; shuffled.</li>
 * </ul>
 * Two ways to draw ({@link CandidateLists}): {@link #paperCases}, the reference code's own lists (one generator
 * seeded with 303 per ratio, users in file order, Python's {@code random}); {@link #cases}, where every user
 * draws from a generator seeded by (seed, user), so a user's case is the same whoever else runs.
 *
 * <p>Datasets without such users (MovieLens and Steam publish only rows of at most 10 history items and the next
 * one) use {@link #fromRows} or {@link #paperFromRows}: each row is a user with one known future item, so the
 * judged list keeps the ratio with one positive (1+1, 1+3, 1+9 items) instead of twenty items.
 */
public final class UserSimulationProtocol {

    /** Positives to negatives among the 20 judged items. */
    public record Ratio(String name, int positives, int negatives) {

        public static final Ratio ONE_TO_ONE = new Ratio("1:1", 10, 10);
        public static final Ratio ONE_TO_THREE = new Ratio("1:3", 5, 15);
        public static final Ratio ONE_TO_NINE = new Ratio("1:9", 2, 18);
        public static final List<Ratio> PAPER = List.of(ONE_TO_ONE, ONE_TO_THREE, ONE_TO_NINE);
    }

    /** One user's case: the loop to run first, then the items to judge and whether the user liked each. */
    public record Case(String user, EvaluationCase loop, List<String> judgeHistory, List<String> items,
            List<Boolean> liked, Ratio ratio, long seed) {

        /** The case's name in per-case result files: the user, and the seed of a seeded draw or "paper". */
        public String id() {
            return user + (loop.lists() == CandidateLists.PAPER ? "-paper" : "-seed" + seed);
        }
    }

    private static final int CANDIDATES = 20;
    private static final int TAIL = 10;

    private UserSimulationProtocol() {
    }

    public static List<Case> cases(String dataset, ItemCatalog catalog, List<UserHistory> users, Ratio ratio, long seed) {
        List<Case> cases = new ArrayList<>();
        for (UserHistory user : users) {
            int init = user.recent().size() - TAIL;
            if (init < 2 || ratio.positives() > TAIL) {
                continue; // the loop needs at least one history item before its true next item
            }
            SplittableRandom random = new SplittableRandom(EvaluationProtocol.caseSeed(seed, user.id().hashCode()));
            Set<String> interacted = new HashSet<>(user.all());
            interacted.addAll(user.recent());
            String next = user.recent().get(init - 1);
            List<String> loopCandidates = sample(catalog, interacted, CANDIDATES - 1, random);
            loopCandidates.add(next);
            Collections.shuffle(loopCandidates, new java.util.Random(random.nextLong()));
            EvaluationCase loop = new EvaluationCase(dataset, init, user.recent().subList(0, init - 1), loopCandidates,
                    next, seed);

            Set<String> excluded = new HashSet<>(interacted);
            excluded.addAll(loopCandidates);
            List<String> positives = user.recent().subList(init, init + ratio.positives());
            List<String> negatives = sample(catalog, excluded, ratio.negatives(), random);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < positives.size() + negatives.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new java.util.Random(random.nextLong()));
            List<String> items = new ArrayList<>();
            List<Boolean> liked = new ArrayList<>();
            for (int i : order) {
                boolean positive = i < positives.size();
                items.add(positive ? positives.get(i) : negatives.get(i - positives.size()));
                liked.add(positive);
            }
            cases.add(new Case(user.id(), loop, user.recent().subList(0, init), items, liked, ratio, seed));
        }
        return cases;
    }

    /**
     * The construction from evaluation rows. For a row with history {@code h} (at least 3 items) and next item
     * {@code n}: the loop part has history {@code h[:-1]}, true next {@code h[-1]} and 20 candidates (19 items
     * outside {@code h + n} and {@code h[-1]}); the judgement part scores with history {@code h}, the positive
     * {@code n} and {@code negatives/positives} negatives drawn outside {@code h + n} and the loop's candidates,
     * shuffled.
     */
    public static List<Case> fromRows(String dataset, ItemCatalog catalog, List<dev.afl.data.SequenceRow> rows,
            Ratio ratio, long seed) {
        int negativesPerPositive = negativesPerPositive(ratio);
        List<Case> cases = new ArrayList<>();
        for (dev.afl.data.SequenceRow row : rows) {
            List<String> history = recentHistory(row);
            if (history.size() < 3) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(EvaluationProtocol.caseSeed(seed, row.row()));
            Set<String> interacted = new HashSet<>(row.history());
            interacted.add(row.next());
            String loopNext = history.getLast();
            List<String> loopCandidates = sample(catalog, interacted, CANDIDATES - 1, random);
            loopCandidates.add(loopNext);
            Collections.shuffle(loopCandidates, new java.util.Random(random.nextLong()));
            EvaluationCase loop = new EvaluationCase(dataset, row.row(), history.subList(0, history.size() - 1),
                    loopCandidates, loopNext, seed);
            Set<String> excluded = new HashSet<>(interacted);
            excluded.addAll(loopCandidates);
            List<String> items = new ArrayList<>(sample(catalog, excluded, negativesPerPositive, random));
            items.add(row.next());
            Collections.shuffle(items, new java.util.Random(random.nextLong()));
            List<Boolean> liked = items.stream().map(row.next()::equals).toList();
            cases.add(new Case("row" + row.row(), loop, history, items, liked, ratio, seed));
        }
        return cases;
    }

    /**
     * The reference code's own user-simulation lists (AFL's {@code LastfmABDataset} with
     * {@code scripts/evaluate_user_step1.sh}): {@code random.seed(303)} for the ratio, then for each user in file
     * order, with {@code al} = the recent items, {@code init = len(al) - 10} and {@code nxt = al[init-1]}:
     * {@code c = sample(ids not in all, 19) + [nxt]}, {@code shuffle(c)}; then
     * {@code e = sample(ids not in all and not in c, negatives) + al[init:init+positives]}, {@code shuffle(e)}. The
     * loop plays {@code al[:init-1]} towards {@code nxt} over {@code c}; the judged items are {@code e}, with the
     * history {@code al[:init]}. Ids are drawn over catalog positions, in the processed order (see
     * {@link EvaluationProtocol#paperCases}); every user is drawn, in order, so none may be skipped.
     */
    public static List<Case> paperCases(String dataset, ItemCatalog catalog, List<UserHistory> users, Ratio ratio) {
        if (ratio.positives() > TAIL) {
            throw new AflException("Ratio " + ratio.name() + " asks for " + ratio.positives() + " positives; the users'"
                    + " last " + TAIL + " items are the most there are.");
        }
        PythonRandom random = new PythonRandom(CandidateLists.PAPER_SEED);
        List<Case> cases = new ArrayList<>();
        for (UserHistory user : users) {
            int init = user.recent().size() - TAIL;
            if (init < 2) {
                throw new AflException("User " + user.id() + " has " + user.recent().size() + " recent items; the"
                        + " paper's user-simulation lists need at least " + (TAIL + 2) + " for every user.");
            }
            Set<String> all = new HashSet<>(user.all());
            String next = user.recent().get(init - 1);
            List<String> loopCandidates = random.sample(outside(catalog, all), CANDIDATES - 1);
            loopCandidates.add(next);
            random.shuffle(loopCandidates);
            EvaluationCase loop = new EvaluationCase(dataset, init, user.recent().subList(0, init - 1), loopCandidates,
                    next, CandidateLists.PAPER_SEED, CandidateLists.PAPER);
            Set<String> excluded = new HashSet<>(all);
            excluded.addAll(loopCandidates);
            List<String> positives = user.recent().subList(init, init + ratio.positives());
            List<String> items = random.sample(outside(catalog, excluded), ratio.negatives());
            items.addAll(positives);
            random.shuffle(items);
            List<Boolean> liked = items.stream().map(positives::contains).toList();
            cases.add(new Case(user.id(), loop, user.recent().subList(0, init), items, liked, ratio,
                    CandidateLists.PAPER_SEED));
        }
        return cases;
    }

    /**
     * The row construction drawn the paper's way (our variant: no published list exists for rows). Each row with
     * at least 3 history items is a user whose items are its history {@code h} and next item {@code n}, and is drawn
     * as {@link #paperCases} draws a user: {@code random.seed(303)} for the ratio, rows in file order,
     * {@code c = sample(ids not in h + [n], 19) + [h[-1]]}, {@code shuffle(c)}; then
     * {@code e = sample(ids not in h + [n] and not in c, negatives per positive) + [n]}, {@code shuffle(e)}. The loop
     * plays {@code h[:-1]} towards {@code h[-1]} over {@code c}; the judged items are {@code e}, with history
     * {@code h}.
     */
    public static List<Case> paperFromRows(String dataset, ItemCatalog catalog, List<dev.afl.data.SequenceRow> rows,
            Ratio ratio) {
        int negativesPerPositive = negativesPerPositive(ratio);
        PythonRandom random = new PythonRandom(CandidateLists.PAPER_SEED);
        List<Case> cases = new ArrayList<>();
        for (dev.afl.data.SequenceRow row : rows) {
            List<String> history = recentHistory(row);
            if (history.size() < 3) {
                continue;
            }
            Set<String> interacted = new HashSet<>(row.history());
            interacted.add(row.next());
            String loopNext = history.getLast();
            List<String> loopCandidates = random.sample(outside(catalog, interacted), CANDIDATES - 1);
            loopCandidates.add(loopNext);
            random.shuffle(loopCandidates);
            EvaluationCase loop = new EvaluationCase(dataset, row.row(), history.subList(0, history.size() - 1),
                    loopCandidates, loopNext, CandidateLists.PAPER_SEED, CandidateLists.PAPER);
            Set<String> excluded = new HashSet<>(interacted);
            excluded.addAll(loopCandidates);
            List<String> items = random.sample(outside(catalog, excluded), negativesPerPositive);
            items.add(row.next());
            random.shuffle(items);
            List<Boolean> liked = items.stream().map(row.next()::equals).toList();
            cases.add(new Case("row" + row.row(), loop, history, items, liked, ratio, CandidateLists.PAPER_SEED));
        }
        return cases;
    }

    private static int negativesPerPositive(Ratio ratio) {
        if (ratio.negatives() % ratio.positives() != 0) {
            throw new AflException("The row construction needs a whole number of negatives per positive; ratio "
                    + ratio.name() + " has " + ratio.positives() + ":" + ratio.negatives() + ".");
        }
        return ratio.negatives() / ratio.positives();
    }

    /** The catalog's ids outside {@code excluded}, in catalog order: the population the paper's lists sample. */
    private static List<String> outside(ItemCatalog catalog, Set<String> excluded) {
        List<String> ids = new ArrayList<>(catalog.size());
        for (dev.afl.catalog.Item item : catalog.items()) {
            if (!excluded.contains(item.id())) {
                ids.add(item.id());
            }
        }
        return ids;
    }

    private static List<String> sample(ItemCatalog catalog, Set<String> excluded, int count, SplittableRandom random) {
        long available = catalog.items().stream().filter(item -> !excluded.contains(item.id())).count();
        if (available < count) {
            throw new AflException("Only " + available + " items are left to sample " + count + " from.");
        }
        List<String> drawn = new ArrayList<>(count);
        Set<String> taken = new HashSet<>();
        while (drawn.size() < count) {
            String id = catalog.get(random.nextInt(catalog.size())).id();
            if (!excluded.contains(id) && taken.add(id)) {
                drawn.add(id);
            }
        }
        return drawn;
    }

    /** The row's last {@code TAIL} history items, the history a user-simulation case is built from. */
    private static List<String> recentHistory(dev.afl.data.SequenceRow row) {
        return row.history().subList(Math.max(0, row.history().size() - TAIL), row.history().size());
    }
}
