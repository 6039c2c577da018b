#!/usr/bin/env bash
# The loop with the offline agents: sessions of at most 4 rounds over the LastFM test cases, GRU4Rec recommending and
# SASRec rewarding, on the embedded store and the file store, 2 worker threads pinned to 2 cores, a warm-up then a
# fixed window (sessions/s, rounds/s, sessions per CPU-second). Then the DynamoDB cost of each step, counted on the
# SDK client against dynalite.
# Usage: src/test/bench/loop.sh [seconds] [ONNX Runtime version]   (default 10 and the pom's; after ./mvnw package
#        -DskipTests and npm ci --prefix src/test/node; AFL_DATA_DIR as for the tests, default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds="${1:-10}"
ort="${2:-}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -d src/cli/target/lib ] && [ -d src/cli/target/test-classes/dev/afl/bench ] || {
  echo "run ./mvnw package -DskipTests first (it builds src/cli/target/lib and the benchmark classes)" >&2; exit 2; }
[ -x src/test/node/node_modules/.bin/node ] || { echo "run npm ci --prefix src/test/node first (dynalite)" >&2; exit 2; }
# A wildcard class path keeps the command line short: ONNX Runtime 1.29 crashes at start with a long one.
cp="src/cli/target/test-classes:src/api/target/test-classes:src/core/target/test-classes:src/cli/target/classes:src/cli/target/lib/*"
[ -z "$ort" ] || cp=$(src/test/bench/ort-classpath.sh "$ort")
echo "machine: $(grep -c ^processor /proc/cpuinfo) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
taskset -c 0,1 "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.afl.bench.LoopBenchmark 2 5 "$seconds"
echo
"$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.afl.bench.DynamoDbStepCost 40
