"""The two candidate protocols the project reports, rebuilt in Python so that training can select and report on them.

* ``paper_lists``: the AFL reference code's one draw (``random.seed(303)`` once, then for each row with at least
  3 history items, in file order: ``random.sample`` of 19 items from all item indices, ascending, that are not in
  the row's history and not its target; the target appended; ``random.shuffle``). One list per row.
* ``seed_lists``: the Java side's draws (``dev.afl.evaluation.EvaluationProtocol``): per (seed, row) a
  ``java.util.SplittableRandom`` seeded with a SplitMix64 mix of both, 19 distinct catalog items outside the
  history and the target drawn uniformly by index, the target appended, a Fisher-Yates shuffle. The catalog order
  is the model index order (items.jsonl), so the Java lists translate one to one into indices.

Both give ``CandidateLists`` (candidates int64[R, 20] and the target's column) for the rows kept (history >= 3);
``hits`` scores a model on them with the Java side's rule: the first top-scored candidate is the answer.
"""
import random

import numpy as np
import torch

from data import tensorize

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
PAPER_SEED = 303
MIN_HISTORY = 3


class CandidateLists:
    """candidates int64[R, C] (model indices), target int64[R] (column of the true item), row int[R] (row
    positions in the split), history int64[R, L] (padded)."""

    def __init__(self, name, rows, kept, lists, max_history, item_count):
        self.name = name
        self.row = kept
        self.candidates = torch.tensor(lists, dtype=torch.long)
        self.target = torch.tensor([lst.index(rows[r][1]) for r, lst in zip(kept, lists)], dtype=torch.long)
        self.history, _ = tensorize([rows[r] for r in kept], max_history, item_count)
        self.n = len(kept)


def kept_rows(rows, min_history=MIN_HISTORY):
    return [i for i, (h, _) in enumerate(rows) if len(h) >= min_history]


def paper_lists(rows, item_count, max_history=10, seed=PAPER_SEED, count=20):
    """The reference code's lists (see the module docstring) for ``rows`` [(history, next)] in file order."""
    rng = random.Random(seed)
    kept = kept_rows(rows)
    lists = []
    for r in kept:
        hist, nxt = rows[r]
        excluded = set(hist) | {nxt}
        pool = [i for i in range(item_count) if i not in excluded]
        if len(pool) < count - 1:
            raise ValueError(f"row {r} leaves {len(pool)} items to draw {count - 1} negatives from")
        c = rng.sample(pool, count - 1) + [nxt]
        rng.shuffle(c)
        lists.append(c)
    return CandidateLists(f"paper (random.seed({seed}))", rows, kept, lists, max_history, item_count)


class SplittableRandom:
    """java.util.SplittableRandom (seeded constructor), the parts EvaluationProtocol uses."""

    def __init__(self, seed):
        self.seed = seed & MASK64

    def _next_seed(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        return self.seed

    @staticmethod
    def _mix32(z):
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64) >> 32

    def next_int(self, bound):
        """RandomSupport.boundedNextInt: Java int arithmetic, rejection on overflow."""
        r = self._mix32(self._next_seed())                 # unsigned 32 bits
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while True:
            r = u % bound
            if u + m - r < (1 << 31):                      # no signed overflow in Java's u + m - r
                return r
            u = self._mix32(self._next_seed()) >> 1


def case_seed(seed, row):
    """EvaluationProtocol.caseSeed: SplitMix64's finaliser over (seed, row)."""
    z = (seed * GOLDEN_GAMMA + row + 1) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def seed_lists(rows, item_count, seed, max_history=10, count=20, row_numbers=None):
    """The Java side's lists for one candidate seed; ``row_numbers`` are the rows' ``row`` fields (default: their
    positions, which is what the reference splits hold)."""
    kept = kept_rows(rows)
    lists = []
    for r in kept:
        hist, nxt = rows[r]
        excluded = set(hist) | {nxt}
        if item_count - len(excluded) < count - 1:
            raise ValueError(f"row {r} leaves {item_count - len(excluded)} items to draw {count - 1} negatives from")
        rnd = SplittableRandom(case_seed(seed, row_numbers[r] if row_numbers else r))
        c, drawn = [], set()
        while len(c) < count - 1:
            i = rnd.next_int(item_count)
            if i not in excluded and i not in drawn:
                drawn.add(i)
                c.append(i)
        c.append(nxt)
        for i in range(len(c) - 1, 0, -1):
            j = rnd.next_int(i + 1)
            c[i], c[j] = c[j], c[i]
        lists.append(c)
    return CandidateLists(f"seed {seed}", rows, kept, lists, max_history, item_count)


@torch.no_grad()
def hits(model, lists, batch=1024):
    """float[R] of 0/1: the first top-scored candidate is the target (ties go to the earlier candidate, as the
    Java side's argMax)."""
    was = model.training
    model.eval()
    out = []
    for i in range(0, lists.n, batch):
        s = model(lists.history[i:i + batch], lists.candidates[i:i + batch])
        out.append(s.argmax(dim=1).eq(lists.target[i:i + batch]).float())
    model.train(was)
    return torch.cat(out)


def bootstrap_ci(row_means, resamples=2000, seed=0):
    """Percentile 95% interval of the mean over rows (each row's mean over seeds first)."""
    x = np.asarray(row_means, dtype=np.float64)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(resamples, len(x)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


class Protocols:
    """Both protocols on one split: the paper's one list per row and the Java side's draws for ``seeds``."""

    def __init__(self, rows, item_count, max_history=10, seeds=range(10)):
        self.paper = paper_lists(rows, item_count, max_history)
        self.seeds = list(seeds)
        self.draws = [seed_lists(rows, item_count, s, max_history) for s in self.seeds]
        self.n = self.paper.n

    def evaluate(self, model):
        """-> {"paper": {hits, n, hitRatioAt1}, "seeds": {hitRatioAt1, ci95, perSeed, n, seeds}}; None figures when
        no row has 3 history items (tiny test data)."""
        if self.n == 0:
            return {"paper": {"hits": 0, "n": 0, "hitRatioAt1": None},
                    "seeds": {"hitRatioAt1": None, "ci95": None, "perSeed": [], "seeds": self.seeds, "n": 0}}
        p = hits(model, self.paper)
        per = torch.stack([hits(model, d) for d in self.draws])          # [seeds, rows]
        row_means = per.mean(dim=0).numpy()
        lo, hi = bootstrap_ci(row_means)
        return {"paper": {"hits": int(p.sum()), "n": self.n, "hitRatioAt1": round(float(p.mean()), 5)},
                "seeds": {"hitRatioAt1": round(float(row_means.mean()), 5), "ci95": [round(lo, 4), round(hi, 4)],
                          "perSeed": [round(float(x), 5) for x in per.mean(dim=1)], "seeds": self.seeds,
                          "n": self.n}}
