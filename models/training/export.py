"""ONNX export (our signature), model card and parity dump, shared by train.py and import_checkpoint.py."""
import datetime
import hashlib
import json
import os
import warnings

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from data import pad

OPSET = 17


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def round_to_fp16(model, min_elements):
    """Rounds every parameter with >= min_elements values to the nearest float16 value (kept as
    float32), so that an ONNX file storing them as float16 + Cast computes exactly what PyTorch does."""
    with torch.no_grad():
        for p in model.parameters():
            if p.numel() >= min_elements:
                p.copy_(p.half().float())


def _store_fp16(path, min_elements):
    """Rewrites large float32 initializers as float16 followed by a Cast to float32 (halves the file;
    values are unchanged when the weights were rounded with ``round_to_fp16`` first)."""
    m = onnx.load(path)
    g = m.graph
    casts = []
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        arr = numpy_helper.to_array(init)
        if arr.size < min_elements:
            continue
        half = numpy_helper.from_array(arr.astype(np.float16), init.name + "_fp16")
        g.initializer.remove(init)
        g.initializer.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT,
                                      name="cast_" + init.name))
    for i, node in enumerate(casts):
        g.node.insert(i, node)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def export_onnx(model, path, item_count, max_history, model_name, dataset, fp16_min_elements=0):
    """Exports ``model`` (eval mode) with inputs history int64[B, L], candidates int64[B, C] and output
    scores float32[B, C] (dynamic B and C, L fixed), plus metadata_props. With fp16_min_elements > 0,
    large weights are stored as float16 (call ``round_to_fp16`` with the same bound beforehand)."""
    model.eval()
    pad_id = item_count
    hist = torch.tensor([pad([0, 1, 2], max_history, pad_id), pad(list(range(max_history)), max_history,
                                                                  pad_id)], dtype=torch.long) % (item_count + 1)
    cand = torch.arange(6, dtype=torch.long).view(2, 3) % item_count
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        # sasrec.py's mask value is a torch.tensor constant on purpose (a scalar, so the graph needs no shape).
        warnings.filterwarnings("ignore", message="torch.tensor results are registered as constants")
        torch.onnx.export(model, (hist, cand), path, opset_version=OPSET,
                          input_names=["history", "candidates"], output_names=["scores"],
                          dynamic_axes={"history": {0: "B"}, "candidates": {0: "B", 1: "C"},
                                        "scores": {0: "B", 1: "C"}},
                          do_constant_folding=True)
    if fp16_min_elements:
        _store_fp16(path, fp16_min_elements)
    m = onnx.load(path)
    meta = {"item_count": item_count, "pad_id": pad_id, "max_history": max_history,
            "model": model_name, "dataset": dataset}
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, str(v)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return path


def parity_rows(model, item_count, max_history, count=16, seed=1234):
    """``count`` synthetic rows (random distinct ids, so no data leaves the machine): history lengths
    1, 2, 3, 5, 7, 9 and the rest full; 20 candidates each (fewer for tiny catalogues); PyTorch
    eval-mode scores float[20]."""
    rng = np.random.default_rng(seed)
    model.eval()
    lengths = [1, 2, 3, 5, 7, 9] + [max_history] * max(0, count - 6)
    out = []
    for length in lengths[:count]:
        length = min(length, max_history, item_count)
        h = [int(x) for x in rng.choice(item_count, size=length, replace=False)]
        rest = [int(x) for x in rng.permutation(item_count) if int(x) not in h]
        cands = rest[:min(20, len(rest))] or h[:1]
        row = pad(h, max_history, item_count)
        with torch.no_grad():
            s = model(torch.tensor([row]), torch.tensor([cands]))[0]
        out.append({"history": row, "candidates": cands, "scores": [float(x) for x in s]})
    return {"rows": out}


def write_parity(path, parity):
    """One row per line: {"rows": [{"history", "candidates", "scores"}, ...]}."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"rows": [\n' + ",\n".join(json.dumps(r) for r in parity["rows"]) + "\n]}\n")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, default=lambda o: o.item() if hasattr(o, "item") else str(o))
        f.write("\n")


def card(name, model_name, dataset, source, onnx_path, item_ids, **extra):
    c = {"name": name, "model": model_name, "dataset": dataset, "source": source,
         "onnxFile": os.path.basename(onnx_path), "sha256": sha256(onnx_path), "opset": OPSET,
         "itemCount": len(item_ids), "padId": len(item_ids), "maxHistory": extra.pop("maxHistory"),
         "padding": "right", "itemIds": item_ids}
    c.update(extra)
    c["torchVersion"] = torch.__version__
    c["createdAt"] = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    return c
