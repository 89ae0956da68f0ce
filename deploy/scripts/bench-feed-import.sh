#!/usr/bin/env bash
# Benchmark: full import of every advisory feed over the shared sample corpus (from a local mirror),
# alias merge, match-index build, an incremental OSV sync and range checks per second.
#   usage: deploy/scripts/bench-feed-import.sh [ADVISORIES_DIR] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${1:-$root/../shared/data/advisories}"
[ -d "$data" ] || data="$root/../../shared/data/advisories"
./mvnw -B -q -o -pl advisory-core test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="advisory-core/target/classes:advisory-core/target/test-classes:$(cat advisory-core/target/bench.classpath)"
exec java -Xmx2g -cp "$cp" dev.tallyman.advisory.feed.bench.FeedImportBench "$data" "${2:-3}"
