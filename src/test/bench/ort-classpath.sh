#!/usr/bin/env bash
# Prints a class path of the benchmark classes, the application and its libraries with the given ONNX Runtime
# version in place of the pom's (fetched into the local Maven repository when missing). The libraries sit in a
# folder of links named by a wildcard, which keeps the command line short: ONNX Runtime 1.29.0 crashes at start
# when the process command line is longer than about 4 KB (see docs/PERFORMANCE.md).
# Usage: src/test/bench/ort-classpath.sh VERSION   (from the repository root, after ./mvnw package -DskipTests)
set -euo pipefail
version="$1"
jar="$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/$version/onnxruntime-$version.jar"
[ -f "$jar" ] || ./mvnw -q dependency:get -Dartifact="com.microsoft.onnxruntime:onnxruntime:$version" >&2
[ -f "$jar" ] || { echo "cannot find or fetch ONNX Runtime $version ($jar)" >&2; exit 2; }
lib="target/bench/lib-onnxruntime-$version"
rm -rf "$lib" && mkdir -p "$lib"
for each in src/cli/target/lib/*.jar; do
  case "$each" in *onnxruntime*) ;; *) ln -s "$PWD/$each" "$lib/" ;; esac
done
ln -s "$jar" "$lib/"
echo "src/cli/target/test-classes:src/api/target/test-classes:src/core/target/test-classes:src/cli/target/classes:$lib/*"
