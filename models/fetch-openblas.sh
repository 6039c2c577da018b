#!/usr/bin/env bash
# Unpacks Debian bookworm's OpenBLAS 0.3.21 (package libopenblas0-pthread 0.3.21+ds-4) into target/openblas,
# without installing it, for models/train-all.sh: Debian's python3-torch multiplies through whatever
# libblas.so.3 the machine has, and netlib's reference libblas3 makes training about 10 times as slow (CPU time).
# The bundled models were trained with this OpenBLAS (models/README.md: a different BLAS rounds differently,
# so seeded runs would not reproduce them to the bit).
#   models/fetch-openblas.sh        # then: models/train-all.sh picks it up
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.3.21+ds-4
SHA256=4f7e4561dbfa9286c671c91350204fbda7afad675500e59cd4a56f84604844f8
mkdir -p target/openblas
cd target/openblas
deb=libopenblas0-pthread_${VERSION}_amd64.deb
if [[ ! -f $deb ]]; then
  apt-get download "libopenblas0-pthread=$VERSION" || {
    echo "fetch-openblas: cannot download libopenblas0-pthread $VERSION with apt-get (a Debian bookworm package" \
         "source is needed; or install libopenblas0-pthread for the whole machine)" >&2; exit 2; }
fi
echo "$SHA256  $deb" | sha256sum -c --quiet || { echo "fetch-openblas: $deb has an unexpected sha256" >&2; exit 2; }
dpkg -x "$deb" .
echo "OpenBLAS $VERSION in $PWD/usr/lib/x86_64-linux-gnu/openblas-pthread"
