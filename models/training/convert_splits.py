#!/usr/bin/python3
"""Converts LLaRA/AFL pandas-pickle splits into the JSON Lines data directory used here.

    /usr/bin/python3 models/training/convert_splits.py --src DIR --out DIR [--pad ID]

DIR holds ``train_data.df`` (optional), ``Val_data.df``, ``Test_data.df`` (pandas pickles with columns
seq / len_seq / next; ``seq`` right-padded with the pad id) and titles: ``id2name.txt`` (``id::name``,
LastFM and Steam) or ML-100K's ``u.item`` (``id|title|...``, Latin-1; model id = MovieLens id - 1).
MovieLens rows hold ``(item, rating)`` tuples (padding ``(1682, 0)``); only the item is kept.
The pad id defaults to the number of items (4606 LastFM, 3581 Steam, 1682 MovieLens).

Output: ``items.jsonl`` {"id", "title"} and ``train|valid|test.jsonl`` {"row", "history", "next"}
with padding removed and every row kept (row = position in the pickle).
"""
import argparse
import json
import os
import sys

import pandas as pd

SPLITS = {"train": "train_data.df", "valid": "Val_data.df", "test": "Test_data.df"}


def read_titles(src):
    """-> list of titles indexed by model id."""
    names = {}
    path = os.path.join(src, "id2name.txt")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line:
                    continue
                i, sep, name = line.partition("::")
                if not sep or not i.strip().isdigit():
                    raise SystemExit(f"{path}:{n}: expected 'id::name'")
                names[int(i)] = name
    else:
        path = os.path.join(src, "u.item")
        if not os.path.isfile(path):
            raise SystemExit(f"{src}: neither id2name.txt nor u.item found")
        with open(path, encoding="latin-1") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                parts = line.split("|")
                if len(parts) < 2 or not parts[0].isdigit():
                    raise SystemExit(f"{path}:{n}: expected 'id|title|...'")
                names[int(parts[0]) - 1] = parts[1]
    if sorted(names) != list(range(len(names))):
        raise SystemExit(f"{path}: ids are not 0..{len(names) - 1}")
    return [names[i] for i in range(len(names))]


def item(x):
    """MovieLens stores (item, rating) tuples; the others plain ids."""
    return int(x[0]) if isinstance(x, (tuple, list)) else int(x)


def convert(df, pad_id):
    rows = []
    for r, (seq, nxt) in enumerate(zip(df["seq"], df["next"])):
        history = [item(x) for x in seq if item(x) != pad_id]
        rows.append({"row": r, "history": history, "next": item(nxt)})
    return rows


def write_jsonl(path, objs):
    with open(path, "w", encoding="utf-8") as f:
        for o in objs:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--src", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--pad", type=int, help="pad id (default: number of items)")
    args = p.parse_args(argv)
    titles = read_titles(args.src)
    pad_id = len(titles) if args.pad is None else args.pad
    os.makedirs(args.out, exist_ok=True)
    write_jsonl(os.path.join(args.out, "items.jsonl"), ({"id": i, "title": t} for i, t in enumerate(titles)))
    for split, name in SPLITS.items():
        path = os.path.join(args.src, name)
        if not os.path.isfile(path):
            print(f"{path}: not found, {split} split skipped", file=sys.stderr)
            continue
        rows = convert(pd.read_pickle(path), pad_id)
        write_jsonl(os.path.join(args.out, f"{split}.jsonl"), rows)
        print(f"{split}: {len(rows)} rows")
    print(f"items: {len(titles)} (pad id {pad_id}) -> {args.out}")


if __name__ == "__main__":
    main()
