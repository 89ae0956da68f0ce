#!/usr/bin/env bash
# The main job: build everything, start the local stack, build a real image (Debian bookworm +
# log4j-core 2.14.1), push it to the local registry, and wait until its findings are searchable.
# The stack keeps running afterwards: stop it with `bin/tallyman stack down`.
#   usage: deploy/scripts/demo.sh            (env: DEMO_TIMEOUT seconds, default 180; SKIP_BUILD=1)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
timeout_s="${DEMO_TIMEOUT:-180}"
repo="demo/app"
tag="1.0"

step() { printf '\n== %s\n' "$*"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

step "checking prerequisites (deploy/scripts/install-prereqs.sh)"
deploy/scripts/install-prereqs.sh

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  step "building everything (./mvnw -B -q install -DskipTests)"
  ./mvnw -B -q install -DskipTests
fi

step "starting the local stack (bin/tallyman stack up)"
bin/tallyman stack up

registry_port="$(sed -n 's/^registry\.port=//p' .tallyman/stack.properties 2>/dev/null | tail -1)"
registry="127.0.0.1:${registry_port:-5000}"
report_url="$(sed -n 's/^report-service\.url=//p' .tallyman/stack.properties 2>/dev/null | sed 's/\\:/:/g' | tail -1)"
report_url="${report_url:-http://127.0.0.1:8084}"

step "building the demo image (deploy/scripts/build-demo-image.sh)"
layout="$(deploy/scripts/build-demo-image.sh "$root/.tallyman/demo-image" | tail -1)"
echo "OCI layout: $layout"

# Prefer the CLI's search; fall back to the HTTP API while the subcommand is missing.
if bin/tallyman findings search --help >/dev/null 2>&1; then
  search() { bin/tallyman findings search --url "$report_url" --repository "$repo" "$@"; }
  search_json() { search --format json 2>/dev/null; }
else
  search() { curl -s "$report_url/v1/findings?repository=$repo"; echo; }
  search_json() { curl -s "$report_url/v1/findings?repository=$repo"; }
fi
has_results() { search_json | tr -d ' \n' | grep -Eq '"total":[1-9]'; }

step "pushing to docker://$registry/$repo:$tag"
push_start="$(date +%s%N)"
skopeo copy --dest-tls-verify=false "oci:$layout:demo" "docker://$registry/$repo:$tag"
pushed="$(date +%s%N)"
echo "push took $(secs "$push_start" "$pushed")s"

step "waiting until findings for $repo are searchable (timeout ${timeout_s}s)"
deadline=$(( $(date +%s) + timeout_s ))
until has_results; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "no findings for $repo after ${timeout_s}s. Look at the logs in $root/.tallyman/logs/" >&2
    echo "(ingest-service.log, analyzer-service.log, report-service.log); the stack is still running." >&2
    exit 1
  fi
  sleep 0.5
done
searchable="$(date +%s%N)"

step "findings for $repo"
search
echo
echo "push -> searchable: $(secs "$push_start" "$searchable")s (from the end of the push: $(secs "$pushed" "$searchable")s)"
echo
echo "The stack is still running (bin/tallyman stack status). Stop it with: bin/tallyman stack down"
