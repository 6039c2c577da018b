#!/usr/bin/python3
"""Scores bundled models (rebuilt from their ONNX weights) or published checkpoints on both candidate protocols
(protocols.py): the paper's own lists (one per row, k/n) and the Java side's draws for seeds 0..9 (mean over rows,
bootstrap 95% CI), on the valid and the test split.

    /usr/bin/python3 models/training/evaluate.py --data target/training-data/lastfm models/lastfm/gru4rec.card.json
    # a published checkpoint, and the check that the paper lists are the reference code's: every answer it
    # recorded (its prior file, titles, row i = test row i) must be among that row's candidates
    /usr/bin/python3 models/training/evaluate.py --data target/training-data/lastfm \
        --checkpoint ../shared/reference-models/afl-sasrec-lastfm.pt \
        --prior-answers ../shared/data/afl/prior_lastfm/SASRec.csv

Prints one line per (model, split) and, with --json FILE, writes the figures as JSON. With --write-cards the
figures go into each card as ``metrics.reported`` (as train.py writes them; the ONNX file and its sha256 are left
alone), for models trained before train.py reported both protocols.
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import csv
import json
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DataError, load_items, load_rows          # noqa: E402
from export import write_json                              # noqa: E402
from protocols import Protocols                            # noqa: E402
from train import reported_metrics                         # noqa: E402


def load_model(card_path):
    from bench_scoring import rebuild                       # onnx is only needed for bundled models
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    return card["name"], rebuild(card, os.path.join(os.path.dirname(os.path.abspath(card_path)), card["onnxFile"]))


def load_checkpoint_model(path):
    from import_checkpoint import convert, load_checkpoint
    return os.path.splitext(os.path.basename(path))[0], convert(load_checkpoint(path))


def check_prior_answers(path, titles, paper):
    """Every answer of the reference code's prior file (column ``generate``, row i = test row i) must be one of the
    row's paper-list candidates -> (rows checked, rows whose answer is not a candidate)."""
    with open(path, encoding="utf-8", newline="") as f:
        answers = [r["generate"].strip() for r in csv.DictReader(f)]
    if len(answers) != paper.n:
        raise DataError(f"{path}: {len(answers)} answers for {paper.n} test rows")
    missing = [i for i, a in enumerate(answers)
               if a not in {titles[c].strip() for c in paper.candidates[i].tolist()}]
    return len(answers), missing


def write_reported(card_path, figures):
    """Sets the card's metrics.reported to the figures of both protocols on valid and test, keeping key order."""
    if set(figures) != {"valid", "test"}:
        raise DataError(f"{card_path}: --write-cards needs both splits (--splits valid,test)")
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    card.setdefault("metrics", {})["reported"] = reported_metrics(figures)
    write_json(card_path, card)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cards", nargs="*", help="model cards (the ONNX file beside each)")
    p.add_argument("--data", required=True, help="training data directory of the dataset (items, valid, test)")
    p.add_argument("--checkpoint", action="append", default=[], help="a published DROS SASRec checkpoint (.pt)")
    p.add_argument("--prior-answers", help="the reference code's answers for the test rows (CSV, column generate)")
    p.add_argument("--splits", default="valid,test")
    p.add_argument("--json", help="write the figures here")
    p.add_argument("--write-cards", action="store_true", help="record the figures in each card (metrics.reported)")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    titles, _ = load_items(a.data)
    n_items = len(titles)
    protocols = {s: Protocols(load_rows(a.data, s, n_items), n_items) for s in a.splits.split(",")}
    out = {}
    if a.prior_answers:
        checked, missing = check_prior_answers(a.prior_answers, titles, protocols["test"].paper)
        out["priorAnswers"] = {"file": a.prior_answers, "rows": checked, "notAmongCandidates": missing}
        print(f"prior answers: {checked - len(missing)}/{checked} among their row's paper-list candidates"
              + (f"; missing on rows {missing}" if missing else ""))
    models = [load_model(c) for c in a.cards] + [load_checkpoint_model(c) for c in a.checkpoint]
    for (name, model), card_path in zip(models, a.cards + [None] * len(a.checkpoint)):
        model.eval()
        out[name] = {}
        for split, prot in protocols.items():
            r = prot.evaluate(model)
            out[name][split] = r
            s = r["seeds"]
            print(f"{name:28s} {split:5s} paper {r['paper']['hits']:3d}/{r['paper']['n']} = "
                  f"{r['paper']['hitRatioAt1']:.4f}   seeds 0-9 {s['hitRatioAt1']:.4f} "
                  f"[{s['ci95'][0]:.3f}, {s['ci95'][1]:.3f}]")
        if a.write_cards and card_path:
            write_reported(card_path, out[name])
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    if a.prior_answers and out["priorAnswers"]["notAmongCandidates"]:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except DataError as e:
        print(f"evaluate.py: error: {e}", file=sys.stderr)
        sys.exit(2)
