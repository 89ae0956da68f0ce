#!/usr/bin/env bash
# Benchmark: the matcher over a realistic corpus — every OSV-shaped sample of the shared advisory
# data (through the real feeds), grown to N records by re-parsed copies under new ids/names; prints
# load time, heap after load, range checks per second per core (pre-parsed fast path, and the old
# re-parsing path for comparison) and Match p50/p99 for 1,000-package images.
#   usage: deploy/scripts/bench-match.sh [ADVISORIES_DIR] [RECORDS=300000] [SECONDS=5]
# CPU time is printed next to wall time: on a busy machine compare per-cpu-second figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${1:-$root/../shared/data/advisories}"
[ -d "$data" ] || data="$root/../../shared/data/advisories"
./mvnw -B -q -o -pl advisory-core test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="advisory-core/target/classes:advisory-core/target/test-classes:$(cat advisory-core/target/bench.classpath)"
/usr/bin/time -f "process: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
  java -Xmx${BENCH_HEAP:-6g} -XX:+UseParallelGC -cp "$cp" \
  dev.tallyman.advisory.match.bench.MatchBench "$data" "${2:-300000}" "${3:-5}"
