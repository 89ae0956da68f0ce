#!/usr/bin/env bash
# Benchmark: a push during a bulk rescan (issue 6, ADR 0013). Starts the whole pipeline as real
# processes on loopback (Kafka, Elasticsearch, a notifying registry, a mirror registry that ingest
# polls, the four service jars; free ports, a temp dir under /tmp, everything stopped at the end),
# fills the mirror with N distinct small images through the registry HTTP API (one shared layer with
# a glibc package, a config per image), lets the poller's first pass drain, then prints:
#   - push->analyzed and push->searchable of a push with both lanes empty (baseline samples),
#   - the same for pushes made while a rescan of all N images is queued, with how much of the
#     rescan was still waiting when each push was analyzed,
#   - the drain rate of the discovery pass and of the rescan, and the stack's CPU (user+sys) and
#     the load average, since on a shared machine the wall times alone mean little.
#   usage: deploy/scripts/bench-priority-lane.sh [N] [BASELINE_SAMPLES] [PUSHES_DURING]
#   (default 1000 5 5); needs the service jars: ./mvnw -B -q package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
for s in ingest-service analyzer-service advisory-service report-service; do
  jar="$s/target/tallyman-$s-0.1.0-SNAPSHOT.jar"
  [ -f "$jar" ] || { echo "no $jar: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
done
./mvnw -B -q -pl e2e -am test-compile -DskipTests
cp="$(./mvnw -B -q -pl e2e dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
logback="$(mktemp --suffix=.xml)"; trap 'rm -f "$logback"' EXIT
printf '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%d %%-5level %%logger{20} %%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>' >"$logback"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -Xmx512m -cp "e2e/target/test-classes:$cp" \
  -Dlogback.configurationFile="$logback" \
  -Dtallyman.repo.root="$root" \
  dev.tallyman.e2e.PriorityLaneBench "${1:-1000}" "${2:-5}" "${3:-5}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
