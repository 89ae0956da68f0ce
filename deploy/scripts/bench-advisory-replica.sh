#!/usr/bin/env bash
# Benchmark: replicated advisory serving against a real Kafka broker (ADR 0017). A sync replica
# imports every feed of the shared corpus from local mirrors and publishes it to the compacted
# advisories topic; an unchanged re-sync; then a serve-only replica materializes the topic
# (start-up time and heap). SCALE > 1 adds SCALE-1 renamed copies of the Go OSV database as a
# synthetic ecosystem. Prints wall and CPU time (contended numbers are fine; CPU is the fairer one).
#   usage: deploy/scripts/bench-advisory-replica.sh [ADVISORIES_DIR] [SCALE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${1:-$root/../shared/data/advisories}"
[ -d "$data" ] || data="$root/../../shared/data/advisories"
./mvnw -B -q -o -pl advisory-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="advisory-service/target/classes:advisory-service/target/test-classes:$(cat advisory-service/target/bench.classpath)"
exec java -Xmx3g -Dtallyman.repo.root="$root" -Dlogback.configurationFile="$root/advisory-service/src/test/resources/logback-bench.xml" \
  -cp "$cp" dev.tallyman.advisory.service.replica.bench.AdvisoryReplicaBench "$data" "${2:-1}"
