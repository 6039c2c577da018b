#!/usr/bin/env bash
# Native readiness without GraalVM (README.md in this folder): each function's native build, Quarkus' native build
# steps with a stand-in for native-image, then a check that each asks native-image only for what its handler uses.
# Run after ./mvnw verify (about 3.5 min on 2 cores). Not part of .ci/run, which would then pass 20 minutes: the
# function packages it leaves are the stand-in's, so run ./mvnw package again before deploying or benchmarking.
set -euo pipefail
cd "$(dirname "$0")/../../.."
./mvnw -B -ntp package -Dnative -DskipTests \
  -Dquarkus.native.graalvm-home="$(pwd)/src/test/native/graalvm-stand-in" \
  -pl src/functions/start,src/functions/recommend,src/functions/reward,src/functions/judge,src/functions/finalize,src/functions/case-outcome,src/functions/aggregate -am
python3 src/test/native/check-native-images.py
