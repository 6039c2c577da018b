"""Data directory reading (with file:line errors), padding, users, and the validation sampler.

Directory contract (``--data DIR``):
  items.jsonl  {"id": 0..N-1 in order, "title": str, "itemId": stable id string (optional)}
  train.jsonl, valid.jsonl, test.jsonl  {"row": int, "history": [ids, oldest first], "next": id}
  item-text-features.npy + .json (morec only)  float32[N, T] title embeddings, row i = id i, and their provenance
N = lines of items.jsonl; the pad id is N.
"""
import hashlib
import json
import os

import numpy as np
import torch


class DataError(Exception):
    """Bad input: the message names the file (and line) at fault."""


def read_jsonl(path):
    """Yields (line_number, dict) for each non-blank line; raises DataError naming file and line."""
    if not os.path.isfile(path):
        raise DataError(f"{path}: file not found")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{n}: malformed JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise DataError(f"{path}:{n}: expected a JSON object")
            yield n, obj


def load_items(data_dir):
    """-> (titles: list[str], item_ids: list[str]) indexed by model id 0..N-1, from DIR/items.jsonl."""
    return load_items_file(os.path.join(data_dir, "items.jsonl"))


def load_items_file(path):
    """-> (titles, item_ids) from an items.jsonl file; itemId defaults to str(id)."""
    titles, item_ids = [], []
    for n, obj in read_jsonl(path):
        if obj.get("id") != len(titles) or isinstance(obj.get("id"), bool):
            raise DataError(f"{path}:{n}: expected \"id\": {len(titles)} (ids must be 0..N-1 in order)")
        if not isinstance(obj.get("title"), str):
            raise DataError(f"{path}:{n}: missing string \"title\"")
        titles.append(obj["title"])
        item_ids.append(str(obj["itemId"]) if obj.get("itemId") is not None else str(obj["id"]))
    if not titles:
        raise DataError(f"{path}: no items")
    return titles, item_ids


TEXT_FEATURES = "item-text-features.npy"
TEXT_FEATURES_HEADER = "item-text-features.json"
EXPORT_HINT = "write it with ./afl export-training-data --dataset <name> --out <this folder> --item-text-features"


def load_text_features(data_dir, item_count):
    """-> (features float32[N, T], header dict) from DIR/item-text-features.npy and its .json header (written by
    the Java side), checked against the items (one row per model index) and against the header's sha256."""
    path, header_path = os.path.join(data_dir, TEXT_FEATURES), os.path.join(data_dir, TEXT_FEATURES_HEADER)
    for p in (path, header_path):
        if not os.path.isfile(p):
            raise DataError(f"{p}: file not found; the morec model needs the items' title features: {EXPORT_HINT}")
    with open(header_path, encoding="utf-8") as f:
        try:
            header = json.load(f)
        except json.JSONDecodeError as e:
            raise DataError(f"{header_path}: malformed JSON ({e.msg}); {EXPORT_HINT}") from None
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if header.get("sha256") != digest:
        raise DataError(f"{path}: sha256 {digest} differs from {header_path}'s; {EXPORT_HINT}")
    try:
        features = np.load(path, allow_pickle=False)
    except ValueError as e:
        raise DataError(f"{path}: not a .npy matrix ({e}); {EXPORT_HINT}") from None
    if features.dtype != np.float32 or features.ndim != 2 or features.shape[0] != item_count:
        raise DataError(f"{path}: expected float32[{item_count}, T] (one row per item of items.jsonl), got "
                        f"{features.dtype}{list(features.shape)}; {EXPORT_HINT}")
    if not np.isfinite(features).all():
        raise DataError(f"{path}: holds NaN or infinite values; {EXPORT_HINT}")
    return features, header


def load_rows(data_dir, split, item_count):
    """-> list of (history: list[int], next: int) from <split>.jsonl, validated against item_count."""
    path = os.path.join(data_dir, f"{split}.jsonl")
    rows = []
    for n, obj in read_jsonl(path):
        hist, nxt = obj.get("history"), obj.get("next")
        if not isinstance(hist, list) or not isinstance(nxt, int) or isinstance(nxt, bool):
            raise DataError(f"{path}:{n}: expected {{\"history\": [ids], \"next\": id}}")
        for i in hist + [nxt]:
            if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < item_count:
                raise DataError(f"{path}:{n}: item id {i!r} outside 0..{item_count - 1}")
        rows.append((hist, nxt))
    if not rows:
        raise DataError(f"{path}: no rows")
    return rows


def pad(history, max_history, pad_id):
    """Last max_history items, oldest first, right-padded with pad_id."""
    h = list(history)[-max_history:]
    return h + [pad_id] * (max_history - len(h))


def tensorize(rows, max_history, pad_id):
    """rows -> (history int64[R, L], next int64[R])."""
    hist = torch.tensor([pad(h, max_history, pad_id) for h, _ in rows], dtype=torch.long)
    nxt = torch.tensor([n for _, n in rows], dtype=torch.long)
    return hist, nxt


def user_of_rows(rows, max_history):
    """Assigns a user index to each training row: a row continues the previous user when its history
    is the previous row's history plus its next item (sliding window), else it starts a new user."""
    users, user, prev = [], -1, None
    for hist, nxt in rows:
        if prev is None or list(hist) != (list(prev[0]) + [prev[1]])[-max_history:]:
            user += 1
        users.append(user)
        prev = (hist, nxt)
    return users


class CandidateSets:
    """For each eval row and seed: the true next item plus C-1 items drawn uniformly (without
    replacement) from items not in the history and != next, shuffled by a seeded generator.
    Training-time model selection only; the Java side owns the evaluation protocol."""

    def __init__(self, rows, item_count, seed, count=20):
        rng = np.random.default_rng(seed)
        avail = min(item_count - len(set(h) | {n}) for h, n in rows)
        count = max(1, min(count, avail + 1))
        cands = np.empty((len(rows), count), dtype=np.int64)
        target = np.empty(len(rows), dtype=np.int64)
        for r, (hist, nxt) in enumerate(rows):
            excluded = set(hist) | {nxt}
            negs = []
            while len(negs) < count - 1:
                for i in rng.integers(0, item_count, size=2 * count):
                    i = int(i)
                    if i not in excluded:
                        excluded.add(i)
                        negs.append(i)
                        if len(negs) == count - 1:
                            break
            pos = int(rng.integers(0, count))
            negs.insert(pos, nxt)
            cands[r] = negs
            target[r] = pos
        self.candidates = torch.from_numpy(cands)
        self.target = torch.from_numpy(target)
        self.seed = seed


class Evaluator:
    """HitRatio@1 over candidate seeds: a row is a hit when the true item has the strictly highest
    score among its candidates."""

    def __init__(self, rows, item_count, max_history, seeds, count=20):
        self.n = len(rows)
        self.history, _ = tensorize(rows, max_history, item_count)
        self.sets = [CandidateSets(rows, item_count, s, count) for s in seeds]
        self.seeds = list(seeds)

    @torch.no_grad()
    def hits(self, model, batch=1024):
        """-> float[seeds, rows] of 0/1 hits (model in eval mode)."""
        was = model.training
        model.eval()
        out = []
        for cs in self.sets:
            h = []
            for i in range(0, self.n, batch):
                s = model(self.history[i:i + batch], cs.candidates[i:i + batch])
                t = cs.target[i:i + batch]
                true = s.gather(1, t.view(-1, 1))
                others = s.scatter(1, t.view(-1, 1), float("-inf"))
                h.append((true.squeeze(1) > others.max(dim=1).values).float())
            out.append(torch.cat(h))
        model.train(was)
        return torch.stack(out)

    def hit_ratio(self, model):
        """-> (mean over seeds, per-seed list)."""
        h = self.hits(model).mean(dim=1)
        return float(h.mean()), [round(float(x), 6) for x in h]
