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
 * Every user draws from a generator seeded by (seed, user), so a user's case is the same whoever else runs.
 *
 * <p>Datasets without such users (MovieLens and Steam publish only rows of at most 10 history items and the next
 * one) use {@link #fromRows}: each row is a user with one known future item, so the judged list keeps the ratio
 * with one positive (1+1, 1+3, 1+9 items) instead of twenty items.
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
        if (ratio.negatives() % ratio.positives() != 0) {
            throw new AflException("The row construction needs a whole number of negatives per positive; ratio "
                    + ratio.name() + " has " + ratio.positives() + ":" + ratio.negatives() + ".");
        }
        int negativesPerPositive = ratio.negatives() / ratio.positives();
        List<Case> cases = new ArrayList<>();
        for (dev.afl.data.SequenceRow row : rows) {
            List<String> history = row.history().subList(Math.max(0, row.history().size() - TAIL),
                    row.history().size());
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
}
