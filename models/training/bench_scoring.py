#!/usr/bin/python3
"""Times a bundled model in PyTorch eager mode on the inputs the Java scoring benchmark times, for the
comparison in docs/PERFORMANCE.md (driven by src/test/bench/scoring.sh).

    /usr/bin/python3 models/training/bench_scoring.py --card models/lastfm/sasrec.card.json \
        --inputs target/bench/scoring-inputs.json --results target/bench/scoring.jsonl
    # one member of a bundled ensemble as a model of its own (ONNX + card + parity dump in DIR)
    /usr/bin/python3 models/training/bench_scoring.py --card models/lastfm/sasrec.card.json \
        --export-member 0 --out DIR

The pipeline keeps no PyTorch checkpoint beside the ONNX file, so the PyTorch model is rebuilt from the
weights the ONNX file was exported with: the same architecture (``Ensemble`` of ``members`` x the card's
model class and hyperparameters), every parameter read back from the graph's initializers (float16 copies
widened back, which is exact: export rounded them in PyTorch first; ``MatMul`` weights transposed back to
``nn.Linear`` layout, found through the ``Add`` of their bias). Before anything is timed the rebuilt model
must reproduce the parity dump written at export (PyTorch's own scores) and the scores ONNX Runtime gave the
benchmark inputs, both within 1e-4 (absolute + relative); otherwise the script stops with status 2.

One thread (``torch.set_num_threads(1)``; run it with OPENBLAS_NUM_THREADS=1 and pinned with
``taskset -c 0``), eval mode, ``torch.inference_mode``; batch 1 and batch 256 with C = 20; each configuration
warmed up, then every call timed. Appends one JSON line per configuration to --results.
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import sys
import time
import warnings

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base import Ensemble                 # noqa: E402
from caser import Caser                   # noqa: E402
from export import card as model_card, export_onnx, parity_rows, write_json, write_parity  # noqa: E402
from gru4rec import GRU4Rec               # noqa: E402
from sasrec import SASRec                 # noqa: E402

# A bundled MoRec graph is a SASRec with the title projections folded into its tables (morec.py).
MODELS = {"sasrec": SASRec, "morec": SASRec, "gru4rec": GRU4Rec, "caser": Caser}
TOLERANCE = 1e-4


def fail(message):
    print("bench_scoring.py: error: " + message, file=sys.stderr)
    sys.exit(2)


def onnx_weights(graph):
    """name -> float32 array for every parameter in the graph, under its PyTorch name."""
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    weights = {}
    for name, value in inits.items():
        if name.endswith("_fp16"):
            weights[name[:-len("_fp16")]] = value.astype(np.float32)
        elif not name.startswith("onnx::"):
            weights[name] = value.astype(np.float32)
    # Linear weights were folded into anonymous MatMul initializers (x @ W^T): name them by their bias.
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits or not node.input[1].startswith("onnx::"):
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        biases = [i for n in adds for i in n.input if i.endswith(".bias") and i in inits]
        if len(biases) != 1:
            fail("cannot tell which layer the weight %s belongs to (bias candidates %s)" % (node.input[1], biases))
        weights[biases[0][:-len(".bias")] + ".weight"] = inits[node.input[1]].T.astype(np.float32)
    # GRU layers became ONNX GRU nodes (one per layer, named after the module): W [1, 3H, I], R [1, 3H, H],
    # B [1, 6H] in ONNX's gate order (z, r, h), PyTorch's being (r, z, n).
    layers = {}
    for node in graph.node:
        if node.op_type != "GRU":
            continue
        module = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".")        # e.g. members.0.gru
        layer = layers[module] = layers.get(module, -1) + 1

        def torch_order(a):
            h = a.shape[0] // 3
            return np.concatenate([a[h:2 * h], a[:h], a[2 * h:]]).astype(np.float32)

        w, r, b = (inits[i][0] for i in node.input[1:4])
        half = b.shape[0] // 2
        weights[f"{module}.weight_ih_l{layer}"] = torch_order(w)
        weights[f"{module}.weight_hh_l{layer}"] = torch_order(r)
        weights[f"{module}.bias_ih_l{layer}"] = torch_order(b[:half])
        weights[f"{module}.bias_hh_l{layer}"] = torch_order(b[half:])
    return weights


def rebuild(card, onnx_path):
    """The card's PyTorch model (an Ensemble when it has members), weights from the ONNX file."""
    hyper = dict(card["hyperparameters"])
    members = int(hyper.get("members", 1))
    cls = MODELS[card["model"]]
    built = [cls(card["itemCount"], **hyper) for _ in range(members)]
    model = Ensemble(built) if members > 1 else built[0]
    weights = onnx_weights(onnx.load(onnx_path).graph)
    state = model.state_dict()
    missing = [k for k in state if k not in weights]
    unused = [k for k in weights if k not in state]
    if missing or unused:
        fail("the ONNX weights do not fit the rebuilt %s: missing %s, unused %s" % (card["model"], missing[:5],
                                                                                  unused[:5]))
    for k in state:
        if tuple(state[k].shape) != weights[k].shape:
            fail("weight %s has shape %s in the ONNX file, %s in PyTorch" % (k, weights[k].shape,
                                                                             tuple(state[k].shape)))
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in weights.items()})
    return model.eval()


def export_member(card, model, index, out):
    """Writes member ``index`` of an ensemble as its own model (ONNX, card, parity dump) into ``out``: the
    single SASRec the paper uses, next to the five-member ensemble that is bundled."""
    if not isinstance(model, Ensemble) or index >= len(model.members):
        fail("%s has no member %d to export" % (card["name"], index))
    member = model.members[index].eval()
    hyper = dict(card["hyperparameters"], members=1)
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, card["onnxFile"])
    warnings.filterwarnings("ignore", category=UserWarning)  # the exporter's shape-inference notes
    export_onnx(member, onnx_path, card["itemCount"], card["maxHistory"], card["model"], card["dataset"],
                hyper.get("fp16_min_elements", 0))
    write_parity(onnx_path.replace(".onnx", ".parity.json"), parity_rows(member, card["itemCount"],
                                                                          card["maxHistory"]))
    c = model_card("%s-member%d" % (card["name"], index), card["model"], card["dataset"], "bench", onnx_path,
                   card["itemIds"], maxHistory=card["maxHistory"], hyperparameters=hyper,
                   member={"of": card["name"], "index": index, "sha256": card["sha256"]})
    write_json(os.path.join(out, os.path.basename(card["onnxFile"]).replace(".onnx", ".card.json")), c)


def worst_deviation(model, histories, candidates, expected):
    with torch.inference_mode():
        got = model(torch.tensor(histories, dtype=torch.long), torch.tensor(candidates, dtype=torch.long)).numpy()
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.max(np.abs(got - expected) / (1 + np.abs(expected))))


def measure(call, warm_up, calls):
    for i in range(warm_up):
        call(i)
    nanos = np.empty(calls, dtype=np.int64)
    for i in range(calls):
        start = time.perf_counter_ns()
        call(i)
        nanos[i] = time.perf_counter_ns() - start
    nanos.sort()

    def pct(q):
        return nanos[max(0, int(np.ceil(q * calls)) - 1)] / 1e3

    return {"calls": calls, "p50Micros": round(pct(0.50), 2), "p90Micros": round(pct(0.90), 2),
            "p99Micros": round(pct(0.99), 2), "meanMicros": round(float(nanos.mean()) / 1e3, 2)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--card", required=True, help="the model card (the ONNX file is beside it)")
    p.add_argument("--inputs", help="scoring inputs written by the Java benchmark")
    p.add_argument("--results", help="JSON Lines file to append the figures to")
    p.add_argument("--export-member", type=int, help="export this member of the ensemble to --out instead")
    p.add_argument("--out", help="folder for --export-member")
    p.add_argument("--label", default="pytorch")
    p.add_argument("--calls", type=int, default=10000, help="timed calls at batch 1 (batch 256: a fiftieth)")
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    with open(a.card, encoding="utf-8") as f:
        card = json.load(f)
    onnx_path = os.path.join(os.path.dirname(os.path.abspath(a.card)), card["onnxFile"])
    model = rebuild(card, onnx_path)
    if a.export_member is not None:
        if not a.out:
            fail("--export-member needs --out DIR")
        export_member(card, model, a.export_member, a.out)
        return
    if not a.inputs or not a.results:
        fail("give --inputs and --results (or --export-member and --out)")

    parity_file = os.path.join(os.path.dirname(onnx_path), card["onnxFile"].replace(".onnx", ".parity.json"))
    with open(parity_file, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    parity = max(worst_deviation(model, [r["history"]], [r["candidates"]], [r["scores"]]) for r in rows)
    if parity > TOLERANCE:
        fail("the rebuilt model does not reproduce the export's parity dump (worst %.2e)" % parity)
    with open(a.inputs, encoding="utf-8") as f:
        inputs = json.load(f)
    if inputs["sha256"] != card["sha256"]:
        fail("the inputs were drawn for another ONNX file; run the Java side first (src/test/bench/scoring.sh)")
    deviation = worst_deviation(model, inputs["history"], inputs["candidates"], inputs["scores"])
    if deviation > TOLERANCE:
        fail("PyTorch and ONNX Runtime disagree on the benchmark inputs (worst %.2e)" % deviation)

    histories = torch.tensor(inputs["history"], dtype=torch.long)
    candidates = torch.tensor(inputs["candidates"], dtype=torch.long)
    rows_n = histories.shape[0]
    singles = [(histories[r:r + 1].clone(), candidates[r:r + 1].clone()) for r in range(rows_n)]
    sink = [0.0]

    def one_row(i):
        h, c = singles[i % rows_n]
        sink[0] += float(model(h, c)[0, 0])

    def whole_batch(i):
        sink[0] += float(model(histories, candidates)[i % rows_n, 0])

    with torch.inference_mode():
        runs = [(1, measure(one_row, 3000, a.calls)),
                (rows_n, measure(whole_batch, 20, max(50, a.calls // 50)))]
    for batch, figures in runs:
        line = {"runtime": "pytorch-eager", "label": a.label, "version": torch.__version__, "model": card["name"],
                "path": "indices", "batch": batch, "candidates": candidates.shape[1], "history": histories.shape[1],
                "threads": torch.get_num_threads(), **figures,
                "rowsPerSecond": round(batch * 1e6 / figures["meanMicros"]),
                "rowsPerSecondAtP50": round(batch * 1e6 / figures["p50Micros"]),
                "maxDeviation": deviation, "parityDeviation": parity}
        with open(a.results, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        print("PyTorch %s eager   B=%-3d p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  %10s rows/s"
              % (torch.__version__, batch, figures["p50Micros"], figures["p90Micros"], figures["p99Micros"],
                 format(line["rowsPerSecond"], ",")))


if __name__ == "__main__":
    main()
