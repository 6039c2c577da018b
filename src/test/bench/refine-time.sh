#!/usr/bin/env bash
# Wall and CPU time of the main job as a user runs it, ./afl refine --dataset lastfm --row 17 (offline agents,
# bundled models, file store under target/), from process start to exit: N runs, medians, one JSON line per
# checkout. With a second, built checkout (e.g. the commit before a change), its runs alternate with these, so both
# see the same machine. Usage (AFL_DATA_DIR set, ./afl built): src/test/bench/refine-time.sh [runs=9] [other-checkout]
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-9}"
checkouts=("$PWD"); [ -n "${2:-}" ] && checkouts+=("$(cd "$2" && pwd)")
[ -n "${AFL_DATA_DIR:-}" ] || { echo "set AFL_DATA_DIR to the folder holding reference-splits/" >&2; exit 2; }
times="$PWD/target/refine-time.txt"; mkdir -p target; : > "$times"
for run in $(seq 1 "$runs"); do
  for checkout in "${checkouts[@]}"; do
    /usr/bin/time -f "$checkout %e %U %S" -a -o "$times" "$checkout/afl" refine --dataset lastfm --row 17 \
      --store "$PWD/target/refine-time-sessions" > /dev/null
  done
done
python3 - "$times" "${checkouts[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for checkout in sys.argv[2:]:
    wall = sorted(float(r[1]) for r in rows if r[0] == checkout)
    cpu = sorted(float(r[2]) + float(r[3]) for r in rows if r[0] == checkout)
    print(f'{{"checkout": "{checkout}", "runs": {len(wall)}, "wallMedianSeconds": {statistics.median(wall):.2f},'
          f' "wallMinSeconds": {wall[0]:.2f}, "cpuMedianSeconds": {statistics.median(cpu):.2f}}}')
PY
