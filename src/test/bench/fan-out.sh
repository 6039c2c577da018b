#!/usr/bin/env bash
# LLM fan-out: the application's LLM agents against a local OpenAI-compatible stub that answers every call after
# 200 ms; AFL sessions of 4 rounds at concurrency C through the experiment runner, and the reference mimic (16
# workers, one session and one call at a time each). Reports sessions/s against the bound C / (calls per session x
# 0.2 s) and the most calls in flight at once.
# Usage: src/test/bench/fan-out.sh [sessions per worker] [C ...]   (default 8; 16 64 128; after ./mvnw package
#        -DskipTests; AFL_DATA_DIR as for the tests; JAVA_OPTS for extra -D settings)
set -euo pipefail
cd "$(dirname "$0")/../../.."
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -f src/cli/target/afl-runner.jar ] && [ -d src/functions/tests/target/test-classes/dev/afl/bench ] || {
  echo "run ./mvnw package -DskipTests first (it builds the CLI and the benchmark classes)" >&2; exit 2; }
echo "machine: $(grep -c ^processor /proc/cpuinfo) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# The packaged application (the runner jar with its generated classes) is booted in-process, as the functions are.
# JAVA_OPTS may add application settings as system properties (e.g. -Dafl.llm.max-connections=64).
"$java" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "src/functions/tests/target/test-classes:src/cli/target/test-classes:src/api/target/test-classes:src/core/target/test-classes:src/cli/target/afl-runner.jar:src/cli/target/lib/*" dev.afl.bench.FanOutBenchmark "$@"
