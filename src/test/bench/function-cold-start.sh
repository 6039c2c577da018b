#!/usr/bin/env bash
# Cold start of each function package (JVM mode, java21 runtime's way: QuarkusStreamHandler on the unzipped
# package), from process start to the first handled event with its models loaded, against dynalite, offline
# agents. The JVM options are the functions' own, JAVA_TOOL_OPTIONS from infra/template.yaml (C1 only), unless the
# caller sets JAVA_TOOL_OPTIONS (set but empty: the JVM's defaults, C2 included).
# Usage: src/test/bench/function-cold-start.sh [runs]   (after ./mvnw package and npm ci --prefix src/test/node)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-3}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
work=target/cold-start
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS-$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' infra/template.yaml | head -1)}"
echo "JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work" && mkdir -p "$work"
for fn in start recommend reward judge finalize; do
  [ -f "src/application/target/functions/$fn.zip" ] || { echo "missing src/application/target/functions/$fn.zip: run ./mvnw package first" >&2; exit 2; }
done
[ -x src/test/node/node_modules/.bin/node ] || { echo "run npm ci --prefix src/test/node first" >&2; exit 2; }
port=$(( 20000 + RANDOM % 20000 ))
src/test/node/node_modules/.bin/node src/test/node/node_modules/dynalite/cli.js --port "$port" --createTableMs 0 \
  > "$work/dynalite.log" 2>&1 &
dynalite=$!
trap 'kill $dynalite 2>/dev/null' EXIT
sleep 2
endpoint="http://127.0.0.1:$port"
cp="src/application/target/test-classes:src/core/target/test-classes"
"$java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$cp:src/application/target/classes:src/application/target/lib/*" \
  dev.afl.bench.FunctionColdStart setup "$endpoint" afl-bench
export QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE="$endpoint" QUARKUS_DYNAMODB_AWS_REGION=us-east-1 \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE=static \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID=bench \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY=bench \
  AFL_SESSION_TABLE=afl-bench AFL_AGENTS=offline
functions="$PWD/src/application/target/functions"
for fn in start recommend reward judge finalize; do
  mkdir -p "$work/$fn" && (cd "$work/$fn" && unzip -q "$functions/$fn.zip")
done
for run in $(seq 1 "$runs"); do
  session="bench-$run"
  cat > "$work/start.json" <<JSON
{"sessionId": "$session", "dataset": "lastfm", "maxRounds": 1,
 "history": [{"id": "52", "title": "Morcheeba"}, {"id": "63", "title": "Enigma"}, {"id": "73", "title": "Cafe Del Mar"}],
 "candidates": [{"id": "96"}, {"id": "995"}, {"id": "6160"}, {"id": "6177"}, {"id": "9322"}]}
JSON
  echo "{\"sessionId\": \"$session\", \"round\": 1}" > "$work/step.json"
  echo "{\"sessionId\": \"$session\"}" > "$work/finalize.json"
  for fn in start recommend reward judge finalize; do
    event="$work/step.json"; [ "$fn" = start ] && event="$work/start.json"; [ "$fn" = finalize ] && event="$work/finalize.json"
    QUARKUS_LAMBDA_HANDLER=$fn AFL_MODELS_DIR="$work/$fn/models" \
      "$java" --add-opens java.base/java.lang=ALL-UNNAMED -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -cp "$cp:$work/$fn:$work/$fn/lib/*" dev.afl.bench.FunctionColdStart "$fn" "$event" | tail -1 \
      | tee -a "$work/results.jsonl"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -cp "$cp:src/application/target/classes:src/application/target/lib/*" dev.afl.bench.FunctionColdStart summary "$work/results.jsonl"
