"""Re-exports a bundled model's graph from its own ONNX weights with the current model code, in place.

    /usr/bin/python3 models/training/reexport.py models/lastfm/sasrec.card.json [more cards...]

For a change to how a model is written down (the graph), not to what it computes: no retraining, the same
weights (rebuilt exactly from the ONNX file, as ``bench_scoring.py`` does), a new graph, parity dump and sha256.
Before anything is written the rebuilt model must reproduce the old parity dump, and the new export must give the
old graph's scores (checked in PyTorch on the parity rows, and the new file loaded back and checked against them
too); the card keeps its training record and gains a ``reexports`` entry (old sha256, date, reason).
"""
import datetime
import json
import os
import sys
import warnings

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_scoring import TOLERANCE, fail, onnx_weights, rebuild, worst_deviation  # noqa: E402
from export import export_onnx, parity_rows, sha256, write_json, write_parity  # noqa: E402

REASON = "graph without shape arithmetic (one attention head, constant positions and causal mask, one-hot gather)"


def reexport(card_path):
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    folder = os.path.dirname(os.path.abspath(card_path))
    onnx_path = os.path.join(folder, card["onnxFile"])
    parity_path = onnx_path.replace(".onnx", ".parity.json")
    if sha256(onnx_path) != card["sha256"]:
        fail("%s does not match its card's sha256; restore the pair before re-exporting" % onnx_path)
    old_weights = onnx_weights(onnx.load(onnx_path).graph)
    model = rebuild(card, onnx_path)
    with open(parity_path, encoding="utf-8") as f:
        old_rows = json.load(f)["rows"]
    # One batch needs one candidate count: the rows' shortest (20 but for tiny catalogues).
    width = min(len(r["candidates"]) for r in old_rows)
    hist = [r["history"] for r in old_rows]
    cands = [r["candidates"][:width] for r in old_rows]
    expected = [r["scores"][:width] for r in old_rows]
    before = worst_deviation(model, hist, cands, expected)
    if before > TOLERANCE:
        fail("the rebuilt %s does not reproduce its parity dump (worst %.2e)" % (card["name"], before))

    warnings.filterwarnings("ignore", category=UserWarning)  # the exporter's shape-inference and tracer notes
    fresh = onnx_path + ".new"  # the bundled files are replaced only once every check passed
    try:
        check_and_replace(card, model, fresh, onnx_path, old_weights, hist, cands, expected)
    finally:
        if os.path.exists(fresh):
            os.remove(fresh)
    write_parity(parity_path, parity_rows(model, card["itemCount"], card["maxHistory"]))
    old_sha = card["sha256"]
    card["sha256"] = sha256(onnx_path)
    card.setdefault("reexports", []).append({
        "fromSha256": old_sha, "reason": REASON,
        "at": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()})
    write_json(card_path, card)
    nodes = len(onnx.load(onnx_path).graph.node)
    print("%s: %s -> %s, %d nodes, parity deviation %.2e before" % (card_path, old_sha[:12], card["sha256"][:12],
                                                                    nodes, before))


def check_and_replace(card, model, fresh, onnx_path, old_weights, hist, cands, expected):
    """Exports to ``fresh``; replaces ``onnx_path`` with it when the weights and the scores are unchanged."""
    export_onnx(model, fresh, card["itemCount"], card["maxHistory"], card["model"], card["dataset"],
                card["hyperparameters"].get("fp16_min_elements", 0))
    new_weights = onnx_weights(onnx.load(fresh).graph)
    changed = [k for k in old_weights if k not in new_weights or not np.array_equal(old_weights[k], new_weights[k])]
    if changed:
        fail("the re-export changed weights %s" % changed[:5])
    again = rebuild(card, fresh)  # the new file, loaded back
    after = worst_deviation(again, hist, cands, expected)
    if after > TOLERANCE:
        fail("the re-exported %s scores the parity rows differently (worst %.2e)" % (card["name"], after))
    os.replace(fresh, onnx_path)


def main():
    if len(sys.argv) < 2:
        fail("usage: reexport.py CARD.json [CARD.json ...]")
    for path in sys.argv[1:]:
        reexport(path)


if __name__ == "__main__":
    main()
