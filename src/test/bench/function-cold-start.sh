#!/usr/bin/env bash
# Package size, cold start and memory of each function package beside a bare Quarkus Lambda function (JVM mode).
# Each package is started the java21 runtime's way (QuarkusStreamHandler on the unzipped package, in a fresh JVM),
# from process start to the first handled event with its models loaded, against dynalite (and, for aggregate, a
# local path-style S3), offline agents. The bare function (src/test/bench/echo-function: one handler that returns
# its event, the same Quarkus version and packaging) is started the same way once in every run, at a different
# place in each run's order, so each function's median is also a ratio to the bare function's median from the same
# runs: the figure another machine can check. The JVM options are the functions' own, JAVA_TOOL_OPTIONS from
# infra/template.yaml (C1 only), unless the caller sets JAVA_TOOL_OPTIONS (set but empty: the JVM's defaults).
# Packages: src/functions/<fn>/target/function.zip.
# Usage: src/test/bench/function-cold-start.sh [runs]   (after ./mvnw package and npm ci --prefix src/test/node)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-3}"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$jdk/bin/java"
work=target/cold-start
harness=target/cold-start-harness
functions=(start recommend reward judge finalize case-outcome aggregate)

package_of() {
  if [ -f "src/functions/$1/target/function.zip" ]; then echo "src/functions/$1/target/function.zip"
  else return 1; fi
}
for fn in "${functions[@]}"; do
  package_of "$fn" > /dev/null || { echo "no package for $fn (src/functions/$fn/target/function.zip): run" \
    "./mvnw package -DskipTests first" >&2; exit 2; }
done
[ -x src/test/node/node_modules/.bin/node ] || { echo "run npm ci --prefix src/test/node first" >&2; exit 2; }

# The bare function, built when missing or older than its sources or the parent pom (the Quarkus version).
echo_zip=src/test/bench/echo-function/target/function.zip
if [ ! -f "$echo_zip" ] || [ -n "$(find pom.xml src/test/bench/echo-function/pom.xml src/test/bench/echo-function/src \
    -newer "$echo_zip" -type f | head -1)" ]; then
  echo "building the bare function (src/test/bench/echo-function)" >&2
  ./mvnw -B -q -o package -f src/test/bench/echo-function/pom.xml >&2 \
    || ./mvnw -B -q package -f src/test/bench/echo-function/pom.xml >&2
fi

# The functions' JVM options, from here on (not for the build above).
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS-$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' infra/template.yaml | head -1)}"

# The harness uses the JDK only: on a function's class path there is nothing but the function's package and it.
rm -rf "$work" "$harness" && mkdir -p "$work" "$harness"
"$jdk/bin/javac" --release 21 -d "$harness" src/test/bench/FunctionColdStart.java
printf '' > "$work/sizes.tsv"
for fn in "${functions[@]}" echo; do
  zip="$echo_zip"; [ "$fn" = echo ] || zip=$(package_of "$fn")
  mkdir -p "$work/$fn" && (cd "$work/$fn" && unzip -q "$OLDPWD/$zip")
  printf '%s\t%s\t%s\t%s\n' "$fn" "$(stat -c %s "$zip")" "$(unzip -l "$zip" | tail -1 | awk '{print $1}')" "$zip" \
    >> "$work/sizes.tsv"
done

port=$(( 20000 + RANDOM % 20000 ))
s3port=$(( port + 1 ))
src/test/node/node_modules/.bin/node src/test/node/node_modules/dynalite/cli.js --port "$port" --createTableMs 0 \
  > "$work/dynalite.log" 2>&1 &
dynalite=$!
mkdir -p "$work/s3/afl-bench"
"$java" -cp "$harness" dev.afl.bench.FunctionColdStart s3 "$s3port" "$PWD/$work/s3" > "$work/s3.log" 2>&1 &
s3=$!
trap 'kill $dynalite $s3 2>/dev/null' EXIT
sleep 2
endpoint="http://127.0.0.1:$port"
"$java" -cp "$harness" dev.afl.bench.FunctionColdStart setup "$endpoint" afl-bench
export QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE="$endpoint" QUARKUS_DYNAMODB_AWS_REGION=us-east-1 \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE=static \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID=bench \
  QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY=bench \
  AFL_SESSION_TABLE=afl-bench AFL_AGENTS=offline

echo "JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  session="bench-$run"
  history='[{"id": "52", "title": "Morcheeba"}, {"id": "63", "title": "Enigma"}, {"id": "73", "title": "Cafe Del Mar"}]'
  # Every item with its title: the start event refuses an untitled one, and a case-file line names them too.
  titled='[{"id": "96", "title": "96"}, {"id": "995", "title": "995"}, {"id": "6160", "title": "6160"},'
  titled="$titled"' {"id": "6177", "title": "6177"}, {"id": "9322", "title": "9322"}]'
  candidates="$titled"
  echo "{\"sessionId\": \"$session\", \"dataset\": \"lastfm\", \"maxRounds\": 1, \"history\": $history," \
    "\"candidates\": $candidates}" > "$work/start.json"
  echo "{\"sessionId\": \"$session\", \"round\": 1}" > "$work/step.json"
  echo "{\"sessionId\": \"$session\"}" > "$work/finalize.json"
  # case-outcome: the session above as a fan-out case; aggregate: its outcome as the Map run's only result.
  echo "{\"sessionId\": \"$session\", \"case\": {\"caseId\": \"$session\", \"dataset\": \"lastfm\", \"row\": $run," \
    "\"seed\": 1, \"lists\": \"seeds\", \"history\": $history, \"candidates\": $titled, \"target\": \"96\"}}" \
    > "$work/case-outcome.json"
  echo "{\"ResultFiles\": {\"SUCCEEDED\": [{\"Key\": \"results/$session/SUCCEEDED_0.json\"}], \"FAILED\": []}}" \
    > "$work/s3/afl-bench/manifest-$session.json"
  echo "{\"runId\": \"$session\", \"dataset\": \"lastfm\", \"maxRounds\": 1, \"bucket\": \"afl-bench\"," \
    "\"casesKey\": \"cases/$session.jsonl\", \"manifestKey\": \"manifest-$session.json\"}" > "$work/aggregate.json"
  # The bare function takes the (run-1)-th place in this run's order, so that no place favours it.
  order=("${functions[@]}")
  at=$(( (run - 1) % (${#functions[@]} + 1) ))
  order=("${order[@]:0:$at}" echo "${order[@]:$at}")
  for fn in "${order[@]}"; do
    event="$work/step.json" response=/dev/null
    case "$fn" in
      start|echo) event="$work/start.json" ;;
      finalize) event="$work/finalize.json" ;;
      case-outcome) event="$work/case-outcome.json"
        response="$work/s3/afl-bench/results/$session/SUCCEEDED_0.json"; mkdir -p "$(dirname "$response")" ;;
      aggregate) event="$work/aggregate.json" ;;
    esac
    s3env=(); [ "$fn" = aggregate ] && s3env=(AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
      AWS_ENDPOINT_URL_S3="http://127.0.0.1:$s3port")
    env "${s3env[@]}" QUARKUS_LAMBDA_HANDLER="$fn" AFL_MODELS_DIR="$work/$fn/models" \
      "$java" --add-opens java.base/java.lang=ALL-UNNAMED -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -cp "$harness:$work/$fn:$work/$fn/lib/*" dev.afl.bench.FunctionColdStart "$fn" "$event" "$response" | tail -1 \
      | tee -a "$work/results.jsonl"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -cp "$harness" dev.afl.bench.FunctionColdStart summary "$work/results.jsonl" "$work/sizes.tsv" echo
