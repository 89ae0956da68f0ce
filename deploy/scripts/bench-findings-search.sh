#!/usr/bin/env bash
# Benchmark: index N synthetic findings (200 per image, skewed CVE/package popularity, four teams on
# two registries) into a real local Elasticsearch through report-service's production indexing path
# (lifecycle, history, images), next to the raw bulk floor on the same documents, then each image's
# SBOM (the packages of its findings) into the packages index; then p50/p99 of five queries
# (filtered search in the query language, facets, blast radius from the images index, where deployed
# from the packages index in one query, image report) as a tenant; where-deployed answers (images,
# each package's open vulnerabilities) are checked against the generated data. Starts its own Elasticsearch (deploy's LocalElasticsearch) unless
# BENCH_ES_URL is set.
#   usage: deploy/scripts/bench-findings-search.sh [N] [RUNS]   (default 1000000 200)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl report-service -am test-compile -DskipTests
cp="$(./mvnw -B -q -pl report-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
logback="$(mktemp --suffix=.xml)"; trap 'rm -f "$logback"' EXIT
printf '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%d %%-5level %%logger{20} %%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>' >"$logback"
java -Xmx1g -cp "report-service/target/test-classes:report-service/target/classes:$cp" \
  -Dlogback.configurationFile="$logback" \
  -Dtallyman.repo.root="$root" \
  dev.tallyman.report.bench.FindingsSearchBench "${1:-1000000}" "${2:-200}"
