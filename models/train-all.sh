#!/usr/bin/env bash
# Retrains every model (LastFM and MovieLens x SASRec, GRU4Rec, Caser, MoRec) into models/<dataset>/ and
# prints how long it took. Long (SASRec, GRU4Rec and Caser took about an hour on one core; MoRec is not yet
# timed on an idle core): never run by CI.
#   models/train-all.sh [lastfm] [movielens]
#   MODELS="morec" models/train-all.sh lastfm      # only some of the models
# Data: target/training-data/<dataset>, exported by the Java side (stable itemIds in items.jsonl; MovieLens
# train rebuilt from u.data; the title features morec reads) with ./afl export-training-data when missing;
# needs AFL_DATA_DIR for that.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# OpenBLAS 0.3.21 unpacked into target/openblas by models/fetch-openblas.sh, used when present: the bundled
# models were trained with it, and netlib's reference BLAS (Debian's default libblas3) is ~10x slower
OPENBLAS_DIR=$PWD/target/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread
if [[ -f $OPENBLAS_DIR/libblas.so.3 ]]; then
  export LD_LIBRARY_PATH=$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "BLAS: $OPENBLAS_DIR"
else
  echo "BLAS: the machine's libblas.so.3 ($(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null ||" \
       "echo unknown)); run models/fetch-openblas.sh first to reproduce the bundled models and train ~10x faster" >&2
fi
PY=/usr/bin/python3
if [[ $# -gt 0 ]]; then DATASETS=("$@"); else DATASETS=(lastfm movielens); fi
read -r -a MODEL_NAMES <<< "${MODELS:-sasrec gru4rec caser morec}"
LOGS=target/training-logs
mkdir -p "$LOGS"
start=$(date +%s)
for ds in "${DATASETS[@]}"; do
  dir=target/training-data/$ds
  if [[ ! -f $dir/train.jsonl || ! -f $dir/item-text-features.npy ]]; then
    echo "exporting $ds training data into $dir"
    ./afl export-training-data --dataset "$ds" --out "$dir" --item-text-features || {
      echo "cannot export $ds: set AFL_DATA_DIR to the data folder (see README)" >&2; exit 2; }
  fi
  for model in "${MODEL_NAMES[@]}"; do
    t0=$(date +%s)
    echo "training $ds/$model from $dir (log: $LOGS/$ds-$model.log)"
    nice -n 5 "$PY" models/training/train.py --model "$model" --data "$dir" --dataset "$ds" \
      --out "models/$ds" > "$LOGS/$ds-$model.log" 2>&1
    grep -a "FINAL" "$LOGS/$ds-$model.log" || true
    echo "  $ds/$model took $(( $(date +%s) - t0 ))s"
  done
done
echo "train-all: $(( $(date +%s) - start ))s in total"
