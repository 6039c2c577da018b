#!/usr/bin/python3
"""Converts a published LLaRA/AFL SASRec checkpoint (a pickled DROS ``SASRec`` module) into our ONNX
signature, with a model card (source "imported") and a parity dump.

    /usr/bin/python3 models/training/import_checkpoint.py --checkpoint afl-sasrec-lastfm.pt \
        --items DIR/items.jsonl --dataset lastfm --out DIR [--test DIR/test.jsonl] [--name NAME]

The checkpoints are full pickled modules: ``__main__.SASRec`` holding
``SASRecModules_ori.MultiHeadAttention`` / ``PositionwiseFeedForward``, saved on CUDA in training mode.
They are unpickled with the stand-in classes below registered under those names (no code from the
original project is needed), on the CPU, then put in eval mode. The stand-ins reproduce DROS'
forward pass, which is used to check the converted model (``sasrec.SASRec`` with one block): both
must agree on the evaluation rows. History is right-padded to 10 with pad id = item count; the state
is taken at the last real position; score = h . s_fc.weight[c] + s_fc.bias[c].
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import sys
import time
import types

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DataError, Evaluator, load_items_file, load_rows, tensorize  # noqa: E402
from export import card, export_onnx, parity_rows, sha256, write_json, write_parity    # noqa: E402
from sasrec import SASRec                                                 # noqa: E402


# ---- stand-ins for the pickled DROS classes (attributes come from the pickle, __init__ is not run)
class MultiHeadAttention(nn.Module):
    """DROS SASRecModules_ori.MultiHeadAttention forward (reference for the check only)."""

    def forward(self, queries, keys):
        Q, K, V = self.linear_q(queries), self.linear_k(keys), self.linear_v(keys)
        split = self.hidden_size // self.num_heads
        Q_ = torch.cat(torch.split(Q, split, dim=2), dim=0)
        K_ = torch.cat(torch.split(K, split, dim=2), dim=0)
        V_ = torch.cat(torch.split(V, split, dim=2), dim=0)
        out = torch.bmm(Q_, K_.transpose(1, 2)) / self.hidden_size ** 0.5
        key_mask = torch.sign(torch.abs(keys.sum(dim=-1))).repeat(self.num_heads, 1)
        key_mask = key_mask.unsqueeze(1).repeat(1, queries.shape[1], 1)
        out = torch.where(torch.eq(key_mask, 0), torch.ones_like(out) * (-2 ** 32 + 1), out)
        tril = torch.tril(torch.ones_like(out[0, :, :])).unsqueeze(0).repeat(out.shape[0], 1, 1)
        out = torch.where(torch.eq(tril, 0), torch.ones_like(tril) * (-2 ** 32 + 1), out)
        out = self.softmax(out)
        query_mask = torch.sign(torch.abs(queries.sum(dim=-1))).repeat(self.num_heads, 1)
        out = out * query_mask.unsqueeze(-1).repeat(1, 1, keys.shape[1])
        out = torch.bmm(self.dropout(out), V_)
        out = torch.cat(torch.split(out, out.shape[0] // self.num_heads, dim=0), dim=2)
        return out + queries


class PositionwiseFeedForward(nn.Module):
    """DROS SASRecModules_ori.PositionwiseFeedForward forward (Conv1d with kernel 1)."""

    def forward(self, x):
        out = self.w_2(F.relu(self.w_1(x.transpose(1, 2)))).transpose(1, 2)
        return self.layer_norm(self.dropout(out) + x)


class DrosSASRec(nn.Module):
    """DROS SASRec forward -> float[B, N] over all items (reference for the check only)."""

    def forward(self, states, len_states):
        emb = self.item_embeddings(states) + self.positional_embeddings(torch.arange(self.state_size))
        seq = self.emb_dropout(emb)
        mask = torch.ne(states, self.item_num).float().unsqueeze(-1)
        seq = seq * mask
        ff = self.feed_forward(self.ln_2(self.mh_attn(self.ln_1(seq), seq))) * mask
        ff = self.ln_3(ff)
        h = ff[torch.arange(ff.size(0)), len_states - 1]
        return self.s_fc(h)


def load_checkpoint(path):
    """-> the DROS module (stand-in classes), on the CPU, in eval mode.

    The stand-ins are registered as ``SASRecModules_ori.*`` and ``__main__.SASRec`` while loading
    (Debian's torch 1.13 ignores ``torch.load(pickle_module=...)``, so a custom ``find_class`` cannot
    be used), then removed again."""
    import __main__
    fake = types.ModuleType("SASRecModules_ori")
    fake.MultiHeadAttention, fake.PositionwiseFeedForward = MultiHeadAttention, PositionwiseFeedForward
    saved_module = sys.modules.get("SASRecModules_ori")
    had_main, saved_main = hasattr(__main__, "SASRec"), getattr(__main__, "SASRec", None)
    sys.modules["SASRecModules_ori"] = fake
    __main__.SASRec = DrosSASRec
    try:
        ref = torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a bad input file
        raise DataError(f"{path}: cannot load as a DROS SASRec checkpoint ({type(e).__name__}: {e})")
    finally:
        if saved_module is None:
            del sys.modules["SASRecModules_ori"]
        else:
            sys.modules["SASRecModules_ori"] = saved_module
        if had_main:
            __main__.SASRec = saved_main
        else:
            del __main__.SASRec
    if not isinstance(ref, DrosSASRec):
        raise DataError(f"{path}: not a pickled DROS SASRec module ({type(ref).__name__})")
    ref.device = torch.device("cpu")
    return ref.eval()


def convert(ref):
    """DROS SASRec -> sasrec.SASRec (one block) with the same weights."""
    heads = ref.mh_attn.num_heads
    m = SASRec(ref.item_num, max_history=ref.state_size, hidden=ref.hidden_size,
               dropout=ref.emb_dropout.p, blocks=1, heads=heads)
    src = ref.state_dict()
    dst = {}
    for k, v in src.items():
        if k.startswith(("ln_1", "ln_2", "mh_attn", "feed_forward")):
            k = "blocks.0." + k
        if k.endswith(("w_1.weight", "w_2.weight")):
            v = v.squeeze(-1)
        dst[k] = v
    m.load_state_dict(dst)
    return m.eval()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--items", required=True, help="items.jsonl giving titles and stable itemIds")
    p.add_argument("--dataset", required=True)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--name", help="file stem (default: the checkpoint's)")
    p.add_argument("--test", help="rows (jsonl) for the card's HitRatio@1 and the parity dump")
    p.add_argument("--min-history", type=int, default=3, help="eval rows need this many history items")
    p.add_argument("--seeds", default="0-9", help="candidate seeds, e.g. 0-9")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    for f in (args.checkpoint, args.items):
        if not os.path.isfile(f):
            raise DataError(f"{f}: file not found")
    ref = load_checkpoint(args.checkpoint)
    model = convert(ref)
    N, L = model.item_count, model.max_history
    _, item_ids = load_items_file(args.items)
    if len(item_ids) != N:
        raise DataError(f"{args.items}: {len(item_ids)} items, the checkpoint has {N}")
    name = args.name or os.path.splitext(os.path.basename(args.checkpoint))[0]
    lo, _, hi = args.seeds.partition("-")
    seeds = list(range(int(lo), int(hi or lo) + 1))

    metrics, rows = {}, None
    if args.test:
        d, f = os.path.split(os.path.abspath(args.test))
        rows = [r for r in load_rows(d, os.path.splitext(f)[0], N) if len(r[0]) >= args.min_history]
        # check: converted model == DROS forward on every row (all items)
        hist, _ = tensorize(rows, L, N)
        lens = hist.ne(N).sum(1)
        with torch.no_grad():
            diff = (model.all_scores(hist) - ref(hist, lens)).abs().max().item()
        if diff > 1e-4:
            raise SystemExit(f"converted model differs from the DROS forward by {diff}")
        hr, per_seed = Evaluator(rows, N, L, seeds).hit_ratio(model)
        metrics = {"test": {"hitRatioAt1": round(hr, 5), "seeds": seeds, "perSeed": per_seed, "n": len(rows),
                            "file": os.path.basename(args.test), "maxAbsDiffVsDrosForward": diff}}
        print(f"{name}: HitRatio@1 {hr:.4f} over seeds {seeds[0]}..{seeds[-1]} on {len(rows)} rows "
              f"(max |converted - DROS| = {diff:.2e})")
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, f"{name}.onnx")
    export_onnx(model, onnx_path, N, L, "sasrec", args.dataset)
    write_parity(os.path.join(args.out, f"{name}.parity.json"), parity_rows(model, N, L))
    c = card(name, "sasrec", args.dataset, "imported", onnx_path, item_ids, maxHistory=L,
             checkpoint={"file": os.path.basename(args.checkpoint), "sha256": sha256(args.checkpoint),
                         "architecture": "DROS SASRec, 1 block, %d head(s), hidden %d" % (
                             model.blocks[0].mh_attn.heads, ref.hidden_size)},
             hyperparameters={"max_history": L, "hidden": ref.hidden_size, "blocks": 1,
                              "heads": model.blocks[0].mh_attn.heads, "dropout": ref.emb_dropout.p},
             metrics=metrics, trainingSeconds=None)
    write_json(os.path.join(args.out, f"{name}.card.json"), c)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.2f} MB) in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    try:
        main()
    except DataError as e:
        print(f"import_checkpoint.py: error: {e}", file=sys.stderr)
        sys.exit(2)
