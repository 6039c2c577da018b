#!/usr/bin/env bash
# Load run of the local refinement API: starts `afl serve` (offline agents, bundled models, file store under
# target/api-load/), then ApiLoad sends synchronous refinements of the LastFM test rows from N clients on loopback
# for a fixed time after a warm-up, and prints throughput, p50/p90/p99 latency and errors (one JSON line), followed
# by the server's resident memory. Usage (after ./mvnw package -DskipTests -DskipFunctionPackages, AFL_DATA_DIR set):
#   src/test/bench/api-load.sh [seconds=30] [clients=4] [warm-up seconds=5]
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${1:-30}"; clients="${2:-4}"; warmup="${3:-5}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -f src/cli/target/afl-runner.jar ] && [ -f src/api/target/quarkus-app/quarkus-run.jar ] \
  && [ -f src/api/target/test-classes/dev/afl/bench/ApiLoad.class ] \
  || { echo "run ./mvnw package -DskipTests -DskipFunctionPackages first" >&2; exit 2; }
[ -n "${AFL_DATA_DIR:-}" ] || { echo "set AFL_DATA_DIR to the folder holding reference-splits/" >&2; exit 2; }
work=target/api-load
rm -rf "$work" && mkdir -p "$work"
port=$(( 20000 + RANDOM % 20000 ))
AFL_AGENTS=offline "$java" -Dafl-models=models -jar src/cli/target/afl-runner.jar serve --port "$port" --store "$work/sessions" \
  > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
"$java" -cp "src/api/target/test-classes:src/core/target/test-classes:src/cli/target/lib/*" dev.afl.bench.ApiLoad "http://127.0.0.1:$port" \
  "$seconds" "$clients" "$warmup"
# The server is the API application serve started (its child); the CLI only waits for it.
api=$(pgrep -P "$server" -f quarkus-run.jar)
echo "{\"serverRssMegabytes\": $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$api/status),"\
" \"serverCpuSeconds\": $(awk '{printf "%.1f", ($14 + $15) / 100}' /proc/$api/stat),"\
" \"sessionsStored\": $(find "$work/sessions" -name '*.json' | wc -l)}"
