#!/usr/bin/env bash
# Scoring latency, ONNX Runtime Java (the pom's 1.26.0 and the latest, 1.29.0) against PyTorch eager, on the same weights and
# the same seeded inputs (256 rows, full history of 10, C = 20), batch 1 and batch 256, one thread, pinned to one
# core. Two models: the bundled LastFM SASRec (a five-member ensemble) and its first member alone (one SASRec, as in
# the paper), exported by models/training/bench_scoring.py from the bundled weights. The runs are interleaved
# (Java 1.29, Java 1.26, PyTorch) and repeated; the report takes the median of each figure over the repeats. Also
# checks whether each ONNX Runtime starts with a long command line (1.29.0 overflows its stack reading
# /proc/self/cmdline; see docs/PERFORMANCE.md).
# Usage: src/test/bench/scoring.sh [repeats]   (after ./mvnw package -DskipTests; /usr/bin/python3 with torch, onnx)
set -euo pipefail
cd "$(dirname "$0")/../../.."
repeats="${1:-3}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
python=/usr/bin/python3
work=target/bench/scoring
versions="1.29.0 1.26.0"
[ -d src/cli/target/lib ] && [ -d src/cli/target/test-classes/dev/afl/bench ] || {
  echo "run ./mvnw package -DskipTests first (it builds src/cli/target/lib and the benchmark classes)" >&2; exit 2; }
"$python" -c "import torch, onnx" 2>/dev/null || {
  echo "$python lacks torch or onnx: apt-get install python3-torch python3-onnx" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
declare -A classpaths
for v in $versions; do classpaths[$v]=$(src/test/bench/ort-classpath.sh "$v"); done
classpath() { echo "${classpaths[$1]}"; }
"$python" models/training/bench_scoring.py --card models/lastfm/sasrec.card.json --export-member 0 --out "$work/member0"
cards="models/lastfm/sasrec.card.json $work/member0/sasrec.card.json"
echo "machine: $(grep -c ^processor /proc/cpuinfo) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for card in $cards; do
  inputs="$work/inputs-$(basename "$(dirname "$card")").json"
  "$java" -cp "$(classpath 1.29.0)" dev.afl.bench.ScoringBenchmark inputs "$card" "$inputs"
  for run in $(seq 1 "$repeats"); do
    for v in $versions; do
      taskset -c 0 "$java" --enable-native-access=ALL-UNNAMED -cp "$(classpath "$v")" dev.afl.bench.ScoringBenchmark \
        run "$card" "$inputs" "$work/results.jsonl" "run-$run"
    done
    taskset -c 0 "$python" models/training/bench_scoring.py --card "$card" --inputs "$inputs" \
      --results "$work/results.jsonl" --label "run-$run"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$java" -cp "$(classpath 1.29.0)" dev.afl.bench.ScoringReport "$work/results.jsonl"
echo
pad=$(printf 'x%.0s' $(seq 1 5000))
for v in $versions; do
  if out=$("$java" -Dbench.padding="$pad" -cp "$(classpath "$v")" dev.afl.bench.ScoringBenchmark version 2>/dev/null); then
    echo "ONNX Runtime $out starts with a 5 KB command line"
  else
    echo "ONNX Runtime $v crashes (exit $?) at start with a 5 KB command line"
  fi
done
