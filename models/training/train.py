#!/usr/bin/python3
"""Trains one sequential recommender (sasrec | gru4rec | caser | morec) on a data directory and exports it.

Linear script: config -> seed -> data -> search (on validation) -> members -> evaluate -> export -> card.

    /usr/bin/python3 models/training/train.py --model sasrec --data DIR [--out DIR] [--dataset NAME] [--smoke]

Every choice (epochs by early stopping, the `search` grid, members) is made on validation data: the
valid split (optionally pooled with whole training users held out, `holdout_fraction`, off by
default). The test split is scored once, at the end, for the model card only.
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import copy
import hashlib
import itertools
import json
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base import Ensemble                                     # noqa: E402
from caser import Caser                                       # noqa: E402
from data import (TEXT_FEATURES, DataError, Evaluator, load_items, load_rows, load_text_features, tensorize,  # noqa: E402
                  user_of_rows)
from export import (card, export_onnx, parity_rows, round_to_fp16, sha256,  # noqa: E402,F401
                    write_json, write_parity)
from gru4rec import GRU4Rec                                   # noqa: E402
from morec import MoRec                                       # noqa: E402
from protocols import Protocols                               # noqa: E402
from sasrec import SASRec                                     # noqa: E402

MODELS = {"sasrec": SASRec, "gru4rec": GRU4Rec, "caser": Caser, "morec": MoRec}
HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ---------------------------------------------------------------------------------------- config
def load_config(model_name, dataset, smoke, path):
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    cfg = dict(raw["common"])
    cfg.update(raw.get(model_name) or {})
    ds = (raw.get("datasets") or {}).get(dataset) or {}
    cfg.update(ds.get("common") or {})
    cfg.update(ds.get(model_name) or {})
    if smoke:
        cfg.update(raw.get("smoke") or {})
    return cfg


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ------------------------------------------------------------------------------------------- fit
def sample_negatives(history, nxt, k, item_count, gen):
    """Uniform negatives int64[B, k], resampled (3 tries) when in the history or == next."""
    negs = torch.randint(0, item_count, (nxt.size(0), k), generator=gen)
    for _ in range(3):
        bad = negs.eq(nxt.unsqueeze(1)) | negs.unsqueeze(2).eq(history.unsqueeze(1)).any(2)
        if not bad.any():
            break
        negs = torch.where(bad, torch.randint(0, item_count, negs.shape, generator=gen), negs)
    return negs


def dros_term(all_scores, y, ps, beta):
    """DROS' distributionally robust term (Yang et al., SIGIR 2023, as in their code): with scores
    s [B, N] and the popularity prior ps [N],
    log(sum_j exp(ps_j s_j^2 / beta) - exp(ps_y s_y^2 / beta) + exp(ps_y (s_y - 1)^2 / beta)), mean."""
    zero = all_scores * all_scores * ps / beta                      # [B, N]
    one = (all_scores - 1) * (all_scores - 1) * ps / beta
    pos0, pos1 = zero.gather(1, y.view(-1, 1)).squeeze(1), one.gather(1, y.view(-1, 1)).squeeze(1)
    zero, pos0, pos1 = (torch.clamp(t, max=80.0) for t in (zero, pos0, pos1))
    inner = torch.exp(zero).sum(1) - torch.exp(pos0) + torch.exp(pos1)
    return torch.log(inner + 1e-24).mean()


def loss_of(model, h, y, cfg, gen, ps):
    state = model.encode(h)
    if cfg["loss"] == "softmax":
        return F.cross_entropy(model.s_fc(state), y)
    negs = sample_negatives(h, y, cfg["negatives"], model.item_count, gen)
    s = model.score(state, torch.cat([y.unsqueeze(1), negs], dim=1))   # [B, 1 + k]
    if cfg["loss"] == "bce":
        pos = F.binary_cross_entropy_with_logits(s[:, 0], torch.ones_like(s[:, 0]))
        neg = F.binary_cross_entropy_with_logits(s[:, 1:], torch.zeros_like(s[:, 1:]), reduction="none")
        loss = pos + neg.sum(1).mean()
    elif cfg["loss"] == "sampled_softmax":
        loss = F.cross_entropy(s, torch.zeros_like(y))
    else:
        raise ValueError(f"unknown loss {cfg['loss']!r}")
    if cfg["dros_alpha"]:
        loss = loss + cfg["dros_alpha"] * dros_term(model.s_fc(state), y, ps, cfg["dros_beta"])
    return loss


@torch.no_grad()
def max_score_difference(a, b, evaluator):
    """Largest |a - b| between two models' scores on the evaluator's rows and candidate sets (eval mode)."""
    a.eval()
    b.eval()
    return max(float((a(evaluator.history, cs.candidates) - b(evaluator.history, cs.candidates)).abs().max())
               for cs in evaluator.sets)


def propensity(nxt, item_count, power):
    """DROS' nominal distribution: ((count of item as next + 1) / total) ** power, float[N]."""
    counts = torch.bincount(nxt, minlength=item_count).to(torch.float32) + 1
    return (counts / counts.sum()) ** power


def fit(model_name, cfg, item_count, train, selectors, seed, tag, inputs):
    """Trains one member with early stopping on the mean HitRatio@1 of ``selectors`` (pooled rows); ``inputs``
    are data the model is built with besides the config (morec: the title features).
    -> (model with the best weights, info dict)."""
    seed_everything(seed)
    gen = torch.Generator().manual_seed(seed)
    model = MODELS[model_name](item_count, **cfg, **inputs)
    model.init_embeddings(cfg.get("emb_init_std"))
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"], weight_decay=cfg["l2"])
    hist, nxt = train
    ps = propensity(nxt, item_count, cfg["dros_ps_power"])
    best, best_state, best_epoch, bad, history = -1.0, None, 0, 0, []
    t0 = time.time()
    for epoch in range(1, cfg["max_epochs"] + 1):
        model.train()
        perm = torch.randperm(hist.size(0), generator=gen)
        total = 0.0
        for i in range(0, hist.size(0), cfg["batch_size"]):
            idx = perm[i:i + cfg["batch_size"]]
            loss = loss_of(model, hist[idx], nxt[idx], cfg, gen, ps)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * idx.numel()
        hits = [ev.hits(model) for ev in selectors]
        metric = float(torch.cat(hits, dim=1).mean()) if hits else 0.0
        parts = " ".join(f"{float(h.mean()):.4f}" for h in hits)
        history.append(round(metric, 5))
        log(f"[{tag}] epoch {epoch} loss {total / hist.size(0):.4f} select {metric:.4f} ({parts}) "
            f"{time.time() - t0:.0f}s")
        if metric > best:
            best, best_state, best_epoch, bad = metric, copy.deepcopy(model.state_dict()), epoch, 0
        else:
            bad += 1
            if bad >= cfg["patience"]:
                break
    model.load_state_dict(best_state)
    model.eval()
    return model, {"seed": seed, "bestEpoch": best_epoch, "epochsRun": epoch, "selectMetric": round(best, 5),
                   "seconds": round(time.time() - t0, 1), "curve": history}


# Config keys that do not change what one fit computes (a cached member stays valid across them).
NOT_FIT_KEYS = ("search", "members", "final_seeds", "fp16_min_elements")


class MemberCache:
    """Trained members on disk, keyed by everything one ``fit`` depends on (model, the fit's config, seed, the data
    files, the holdout fold): training is seeded and single-threaded, so a cached member is the member ``fit``
    would train. Lets the members of one model be trained by parallel processes (``--only-member``) and
    assembled by a last run; no directory = no cache."""

    def __init__(self, directory, data_dir, model_name):
        self.directory = directory
        self.model_name = model_name
        if directory:
            os.makedirs(directory, exist_ok=True)
            names = ["items.jsonl", "train.jsonl", "valid.jsonl"] + (
                [TEXT_FEATURES] if getattr(MODELS[model_name], "needs_text_features", False) else [])
            self.data = {n: sha256(os.path.join(data_dir, n)) for n in names}

    def fit(self, cfg, item_count, train, selectors, seed, tag, inputs, fold):
        if not self.directory:
            return fit(self.model_name, cfg, item_count, train, selectors, seed, tag, inputs)
        key_source = {"model": self.model_name, "seed": seed, "fold": fold, "data": self.data,
                      "cfg": {k: v for k, v in sorted(cfg.items()) if k not in NOT_FIT_KEYS}}
        key = hashlib.sha256(json.dumps(key_source, sort_keys=True, default=str).encode()).hexdigest()[:24]
        path = os.path.join(self.directory, f"{self.model_name}-seed{seed}-{key}")
        if os.path.isfile(path + ".pt"):
            model = MODELS[self.model_name](item_count, **cfg, **inputs)
            model.load_state_dict(torch.load(path + ".pt"))
            model.eval()
            with open(path + ".json", encoding="utf-8") as f:
                info = json.load(f)["info"]
            log(f"[{tag}] loaded from the member cache: {path}.pt (best epoch {info['bestEpoch']})")
            return model, info
        model, info = fit(self.model_name, cfg, item_count, train, selectors, seed, tag, inputs)
        with open(path + ".json", "w", encoding="utf-8") as f:
            json.dump({"key": key_source, "info": info}, f, default=str)
        torch.save(model.state_dict(), path + ".pt.tmp")
        os.replace(path + ".pt.tmp", path + ".pt")
        return model, info


def reported_metrics(reported):
    """The card's figures on the two protocols the reports use, valid and test (protocols.py)."""
    return {
        "paperLists": {"protocol": PAPER_PROTOCOL, **{s: r["paper"] for s, r in reported.items()}},
        "seeds": {"protocol": SEEDS_PROTOCOL, **{s: r["seeds"] for s, r in reported.items()}},
    }


PAPER_PROTOCOL = ("the AFL reference code's lists: Python random.seed(303) once, then per row with >= 3 history "
                  "items in file order random.sample of 19 of the item indices (ascending) outside the history "
                  "and the target, the target appended, random.shuffle; one list per row; hits/n")
SEEDS_PROTOCOL = ("the Java side's draws (EvaluationProtocol, what evaluate-base and the reports compute): per "
                  "(seed, row) a SplittableRandom, 19 items outside the history and the target, shuffled; seeds "
                  "0..9; mean over rows of each row's mean over seeds, percentile bootstrap 95% CI (2000)")


# ------------------------------------------------------------------------------------------- main
def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--data", required=True, help="data directory (items/train/valid/test .jsonl)")
    p.add_argument("--out", help="output directory (default: models/<dataset>/)")
    p.add_argument("--dataset", help="dataset name for the card (default: basename of --data)")
    p.add_argument("--config", default=os.path.join(HERE, "config.yaml"))
    p.add_argument("--smoke", action="store_true", help="one epoch, one member, no search")
    p.add_argument("--set", action="append", default=[], metavar="KEY=YAML",
                   help="override a config key, e.g. --set members=3 --set 'search={}'")
    p.add_argument("--member-cache", metavar="DIR",
                   help="load members trained before with the same data and config from DIR, save new ones there")
    p.add_argument("--only-member", type=int, metavar="SEED",
                   help="with --member-cache: train only this member (0: the search) and exit, so that several "
                        "processes can train one model's members; a last run without it assembles them")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    started = time.time()

    # config
    dataset = args.dataset or os.path.basename(os.path.normpath(args.data))
    cfg = load_config(args.model, dataset, args.smoke, args.config)
    for kv in args.set:
        k, _, v = kv.partition("=")
        cfg[k] = yaml.safe_load(v)
    out_dir = args.out or os.path.join(os.path.dirname(HERE), dataset)
    if args.only_member is not None and not args.member_cache:
        raise DataError("--only-member needs --member-cache DIR (where the member is kept for the assembling run)")
    cache = MemberCache(args.member_cache, args.data, args.model)
    L = cfg["max_history"]

    # data
    if not os.path.isdir(args.data):
        raise DataError(f"{args.data}: data directory not found")
    titles, item_ids = load_items(args.data)
    N = len(titles)
    all_train = load_rows(args.data, "train", N)
    valid_rows = load_rows(args.data, "valid", N)
    test_rows = load_rows(args.data, "test", N)
    inputs, text_header = {}, None
    if getattr(MODELS[args.model], "needs_text_features", False):
        features, text_header = load_text_features(args.data, N)
        inputs["text_features"] = features
        log(f"title features {features.shape} from {text_header.get('artifact')}")
    users = user_of_rows(all_train, L)
    n_users = users[-1] + 1
    folds = max(1, round(1 / cfg["holdout_fraction"])) if cfg["holdout_fraction"] else 0
    user_fold = np.random.default_rng(12345).permutation(n_users) % folds if folds else None
    log(f"{dataset}: {N} items, {len(all_train)} train rows ({n_users} users), {len(valid_rows)} valid, "
        f"{len(test_rows)} test; model {args.model}; cfg {cfg}")
    valid_sel = Evaluator(valid_rows, N, L, cfg["selection_seeds"], cfg["candidates"])

    def member_data(fold):
        """(train tensors, selectors, holdout rows) for one holdout fold (None: no holdout)."""
        keep, held = [], []
        for (h, n), u in zip(all_train, users):
            out = fold is not None and user_fold[u] == fold
            if out and len(h) >= cfg["holdout_min_history"]:
                held.append((h, n))
            elif not out and len(h) >= cfg["min_history"]:
                keep.append((h, n))
        sel = [valid_sel]
        if held:
            sel.append(Evaluator(held, N, L, cfg["selection_seeds"], cfg["candidates"]))
        return tensorize(keep, L, N), sel, held

    # search (member 0, fold 0) on validation
    grid = cfg.get("search") or {}
    keys = sorted(grid)
    combos = [dict(zip(keys, vals)) for vals in itertools.product(*(grid[k] for k in keys))] or [{}]
    fold_of = (lambda s: s % folds) if folds else (lambda s: None)
    train0, sel0, held0 = member_data(fold_of(0))
    if args.only_member and len(combos) > 1:
        raise DataError("--only-member 1 or more needs a settled search (a grid of one setting): member 0's run "
                        "chooses the setting the other members use")
    results = []
    for combo in combos if not args.only_member else []:
        c = dict(cfg, max_epochs=cfg.get("search_max_epochs") or cfg["max_epochs"])
        for k, v in combo.items():   # a dict value sets several keys at once (e.g. an objective)
            c.update(v if isinstance(v, dict) else {k: v})
        model, info = cache.fit(c, N, train0, sel0, 0, f"{args.model} search {combo}", inputs, fold_of(0))
        results.append((info["selectMetric"], combo, model, info))
        log(f"search {combo}: select {info['selectMetric']:.4f} at epoch {info['bestEpoch']}")
    if args.only_member:
        best_combo = combos[0]
    else:
        best_metric, best_combo, model0, info0 = max(results, key=lambda r: r[0])
        log(f"chosen {best_combo} (select {best_metric:.4f})")
    for k, v in best_combo.items():
        cfg.update(v if isinstance(v, dict) else {k: v})
    if args.only_member == 0:
        log(f"member 0 (the search) is in {args.member_cache}")
        return

    # members: training seeds 0..members-1, each with its own holdout fold
    if args.only_member is not None:
        if not 0 < args.only_member < cfg["members"]:
            raise DataError(f"--only-member {args.only_member}: members are 0..{cfg['members'] - 1}")
        tr, sel, _ = member_data(fold_of(args.only_member))
        cache.fit(cfg, N, tr, sel, args.only_member, f"{args.model} member {args.only_member}", inputs,
                  fold_of(args.only_member))
        log(f"member {args.only_member} is in {args.member_cache}")
        return
    members, infos = [model0], [info0]
    for seed in range(1, cfg["members"]):
        tr, sel, _ = member_data(fold_of(seed))
        m, info = cache.fit(cfg, N, tr, sel, seed, f"{args.model} member {seed}", inputs, fold_of(seed))
        members.append(m)
        infos.append(info)
    final = Ensemble(members) if len(members) > 1 else members[0]
    final.eval()
    fold_check = None
    if hasattr(members[0], "folded"):   # morec: frozen features folded into the ID tables (see morec.py)
        members = [m.folded() for m in members]
        unfolded, final = final, Ensemble(members) if len(members) > 1 else members[0]
        fold_check = max_score_difference(unfolded, final, valid_sel)
        log(f"folded the title features into the ID tables: max |score difference| {fold_check:.2e} on valid")
        if fold_check > 1e-4:
            raise RuntimeError(f"folding changed the scores by {fold_check} (> 1e-4): see morec.py")
    if cfg["fp16_min_elements"]:
        round_to_fp16(final, cfg["fp16_min_elements"])

    # evaluate: valid (final seeds), then test once for the card
    valid_ev = Evaluator(valid_rows, N, L, cfg["final_seeds"], cfg["candidates"])
    v_mean, v_seeds = valid_ev.hit_ratio(final)
    member_valid = [round(valid_ev.hit_ratio(m)[0], 5) for m in members]
    test_ev = Evaluator(test_rows, N, L, cfg["final_seeds"], cfg["candidates"])
    t_mean, t_seeds = test_ev.hit_ratio(final)
    log(f"FINAL {dataset} {args.model}: valid HR@1 {v_mean:.4f} (members {member_valid}) test HR@1 {t_mean:.4f}")
    # the two protocols the reports use (protocols.py): the paper's lists and the Java side's draws, seeds 0..9
    reported = {split: Protocols(rows, N, L).evaluate(final) for split, rows in (("valid", valid_rows),
                                                                                 ("test", test_rows))}
    for split, r in reported.items():
        if r["paper"]["n"]:
            log(f"FINAL {dataset} {args.model} {split}: paper lists {r['paper']['hits']}/{r['paper']['n']} = "
                f"{r['paper']['hitRatioAt1']:.4f}; Java draws seeds 0-9 {r['seeds']['hitRatioAt1']:.4f} "
                f"{r['seeds']['ci95']}")

    # export, parity dump, card
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, f"{args.model}.onnx")
    export_onnx(final, onnx_path, N, L, args.model, dataset, cfg["fp16_min_elements"])
    write_parity(os.path.join(out_dir, f"{args.model}.parity.json"),
               parity_rows(final, N, L))
    hyper = {k: cfg[k] for k in ("max_history", "hidden", "dropout", "lr", "batch_size", "l2", "loss",
                                 "negatives", "emb_init_std", "dros_alpha", "dros_beta", "dros_ps_power", "max_epochs", "patience", "min_history", "holdout_fraction",
                                 "search_max_epochs", "members", "fp16_min_elements")}
    hyper.update({k: cfg[k] for k in ("blocks", "heads", "layers", "num_filters", "filter_sizes") if k in cfg})
    cand = cfg["candidates"]
    selection = {
        "metric": f"HitRatio@1, {cand} candidates, mean over candidate seeds {cfg['selection_seeds']}, on the "
                  + ("valid split pooled with the member's held-out training users" if folds else "valid split"),
        "validRows": len(valid_rows), "holdoutRowsMember0": len(held0),
        "searched": grid, "searchedWith": f"training seed 0, early stopping, at most {cfg.get('search_max_epochs') or cfg['max_epochs']} epochs",
        "results": [{"setting": r[1], "select": r[0], "bestEpoch": r[3]["bestEpoch"]} for r in results],
        "chosen": best_combo,
        "earlyStopping": f"best epoch by the metric above, patience {cfg['patience']}",
        "members": [{k: v for k, v in i.items() if k != "curve"} for i in infos],
        "memberValidHitRatioAt1": member_valid,
        "memberValidReported": [{"paperHits": r["paper"]["hits"], "seeds": r["seeds"]["hitRatioAt1"]}
                                for r in (Protocols(valid_rows, N, L).evaluate(m) for m in members)],
        "ensemble": f"mean of the scores of {len(members)} members (training seeds 0..{len(members) - 1}), "
                    "fixed in config.yaml before training",
    }
    c = card(f"{args.model}-{dataset}", args.model, dataset, "trained", onnx_path, item_ids,
             maxHistory=L,
             splits={"train": len(all_train), "valid": len(valid_rows), "test": len(test_rows)},
             hyperparameters=hyper, selection=selection,
             metrics={"protocol": f"HitRatio@1: true next item + {cand - 1} items drawn uniformly from items "
                                  "not in the history, shuffled; strict win; Python sampler (numpy PCG64)",
                      "valid": {"hitRatioAt1": round(v_mean, 5), "seeds": cfg["final_seeds"],
                                "perSeed": v_seeds, "n": len(valid_rows)},
                      "test": {"hitRatioAt1": round(t_mean, 5), "seeds": cfg["final_seeds"],
                               "perSeed": t_seeds, "n": len(test_rows)},
                      "reported": reported_metrics(reported)},
             trainingSeconds=round(time.time() - started, 1), smoke=bool(args.smoke))
    if text_header is not None:
        c["itemText"] = dict(text_header, projection="text_in, text_out: Linear(T, hidden, bias=False), added to "
                             "the ID embedding and to the output layer rows; folded into both tables for export",
                             foldedMaxAbsScoreDifference=fold_check)
    if not args.smoke:
        c.pop("smoke")
    write_json(os.path.join(out_dir, f"{args.model}.card.json"), c)
    log(f"wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.2f} MB) in {time.time() - started:.0f}s")


if __name__ == "__main__":
    try:
        main()
    except DataError as e:
        print(f"train.py: error: {e}", file=sys.stderr)
        sys.exit(2)
