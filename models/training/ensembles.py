#!/usr/bin/python3
"""Compares candidate ensembles on the valid split, on both reported protocols, without training anything: each
candidate is a list of members, taken from a bundled model (rebuilt from its ONNX weights) or from train.py's
member cache (``--member-cache``), so settings and member counts can be compared before one is bundled.

    /usr/bin/python3 models/training/ensembles.py --data target/training-data/lastfm \
        --candidate bundled=models/lastfm/gru4rec.card.json \
        --candidate 'bundled+5=models/lastfm/gru4rec.card.json,target/member-cache/gru4rec-seed5-KEY.pt' \
        --candidate 'neg8=target/member-cache/gru4rec-seed0-KEY2.pt,...'
    # the cache's members with their settings, best epochs and early-stopping figures
    /usr/bin/python3 models/training/ensembles.py --data DIR --list target/member-cache

A member is ``CARD.json`` (all of a bundled model's members), ``CARD.json#I`` (its member I) or a cached member's
``.pt`` file (its ``.json`` beside it holds the settings it was trained with). Cached members are rounded to
float16 as train.py rounds them before export, so a candidate scores what its exported graph would score.

Each candidate gets one selection figure, fixed before any comparison: the hit rate over the 11 valid lists of
every row (the paper's list and the Java side's seeds 0..9), i.e. (paper hits + 10 n x seeds mean) / 11 n. Every
list is an independent uniform draw for the same model and rows, so each counts once; the paper's single list is
not given the weight of the ten seeds. The test split is scored only with ``--test`` (for the candidate the rule
chose, once).
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import glob
import json
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base import Ensemble                                  # noqa: E402
from data import DataError, load_items, load_rows          # noqa: E402
from export import round_to_fp16, sha256                   # noqa: E402
from protocols import Protocols                            # noqa: E402
from train import HERE, MODELS, load_config               # noqa: E402


def pooled(figures):
    """The selection figure: hits over the paper list and the ten seeds' lists of every row, / 11 n."""
    n = figures["paper"]["n"]
    seeds = len(figures["seeds"]["seeds"])
    hits = figures["paper"]["hits"] + figures["seeds"]["hitRatioAt1"] * seeds * n
    return hits / ((seeds + 1) * n)


def bundled_members(spec):
    """CARD.json or CARD.json#I -> the bundled model's members (rebuilt from the ONNX weights)."""
    from bench_scoring import rebuild                      # onnx is only needed for bundled models
    path, _, index = spec.partition("#")
    with open(path, encoding="utf-8") as f:
        card = json.load(f)
    model = rebuild(card, os.path.join(os.path.dirname(os.path.abspath(path)), card["onnxFile"]))
    members = list(model.members) if isinstance(model, Ensemble) else [model]
    if index:
        if not index.isdigit() or int(index) >= len(members):
            raise DataError(f"{spec}: {card['name']} has members 0..{len(members) - 1}")
        members = [members[int(index)]]
    return members


def load_candidate(spec, item_count):
    members = []
    for part in spec.split(","):
        if part.endswith(".pt"):
            members.append(load_cached(part, item_count))
        else:
            members.extend(bundled_members(part))
    for m in members:
        m.eval()
    return Ensemble(members) if len(members) > 1 else members[0], len(members)


def load_cached(path, item_count):
    if not os.path.isfile(path):
        raise DataError(f"{path}: member file not found")
    with open(path[:-len(".pt")] + ".json", encoding="utf-8") as f:
        meta = json.load(f)
    cfg = meta["key"]["cfg"]
    model = MODELS[meta["key"]["model"]](item_count, **cfg)
    model.load_state_dict(torch.load(path))
    # the cache key leaves export settings out: the threshold is config.yaml's, as train.py's export uses it
    fp16 = load_config(meta["key"]["model"], None, False, os.path.join(HERE, "config.yaml"))["fp16_min_elements"]
    if fp16:
        round_to_fp16(model, fp16)
    return model


def list_cache(directory, data_dir):
    """One line per cached member trained on ``data_dir``'s files: file, seed, main settings, best epoch."""
    rows = []
    for meta_path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        data = meta["key"]["data"]
        if (not os.path.isfile(meta_path[:-len(".json")] + ".pt")
                or any(sha256(os.path.join(data_dir, name)) != digest for name, digest in data.items())):
            continue
        rows.append((meta_path[:-len(".json")] + ".pt", meta))
    keys = ("l2", "negatives", "loss", "dropout", "hidden", "patience", "max_epochs", "lr")
    for path, meta in rows:
        cfg, info = meta["key"]["cfg"], meta["info"]
        print(f"{path}  {meta['key']['model']} seed {info['seed']} "
              + " ".join(f"{k}={cfg.get(k)}" for k in keys)
              + f"  best epoch {info['bestEpoch']}/{info['epochsRun']} select {info['selectMetric']:.4f}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="training data directory of the dataset (items, valid, test)")
    p.add_argument("--candidate", action="append", default=[], metavar="NAME=MEMBER[,MEMBER...]")
    p.add_argument("--list", metavar="DIR", help="list the members in the member cache DIR trained on --data")
    p.add_argument("--test", action="store_true", help="also score the test split (only for the chosen candidate)")
    p.add_argument("--json", help="write the figures here")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    if a.list:
        list_cache(a.list, a.data)
    titles, _ = load_items(a.data)
    n_items = len(titles)
    splits = ["valid"] + (["test"] if a.test else [])
    protocols = {s: Protocols(load_rows(a.data, s, n_items), n_items) for s in splits}
    out = {}
    for spec in a.candidate:
        name, sep, members = spec.partition("=")
        if not sep or not members:
            raise DataError(f"--candidate {spec!r}: expected NAME=MEMBER[,MEMBER...]")
        model, count = load_candidate(members, n_items)
        out[name] = {"members": members.split(","), "memberCount": count}
        for split, prot in protocols.items():
            r = prot.evaluate(model)
            r["pooled"] = round(pooled(r), 5)
            out[name][split] = r
            s = r["seeds"]
            print(f"{name:24s} {count:2d} members {split:5s} paper {r['paper']['hits']:3d}/{r['paper']['n']} = "
                  f"{r['paper']['hitRatioAt1']:.4f}  seeds 0-9 {s['hitRatioAt1']:.4f} "
                  f"[{s['ci95'][0]:.3f}, {s['ci95'][1]:.3f}]  pooled(11 lists) {r['pooled']:.4f}", flush=True)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    try:
        main()
    except DataError as e:
        print(f"ensembles.py: error: {e}", file=sys.stderr)
        sys.exit(2)
