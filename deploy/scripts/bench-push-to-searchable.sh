#!/usr/bin/env bash
# Benchmark: time from the end of a push to the image's findings being searchable, over N distinct
# images (each a new config label on the demo image: a new manifest digest, full analysis each time).
# Needs a running stack (bin/tallyman stack up) and the demo image (deploy/scripts/build-demo-image.sh).
#   usage: deploy/scripts/bench-push-to-searchable.sh [N]   (default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
n="${1:-10}"
layout="${BENCH_LAYOUT:-$root/.tallyman/demo-image/layout}"
registry="127.0.0.1:$(sed -n 's/^registry\.port=//p' .tallyman/stack.properties | tail -1)"
report="$(sed -n 's/^report-service\.url=//p' .tallyman/stack.properties | sed 's/\\:/:/g' | tail -1)"
[ "$registry" != "127.0.0.1:" ] || registry="127.0.0.1:5000"
[ -n "$report" ] || report="http://127.0.0.1:8084"
[ -d "$layout" ] || { echo "no demo image at $layout: run deploy/scripts/build-demo-image.sh .tallyman/demo-image" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
ms() { echo $(( ($2 - $1) / 1000000 )); }
times=()
for i in $(seq 1 "$n"); do
  tag="bench-$$-$i"
  umoci config --image "$layout:demo" --tag "$tag" --config.label "tallyman.bench=$$-$i" >/dev/null
  skopeo copy -q --dest-tls-verify=false --digestfile "$work/d" "oci:$layout:$tag" "docker://$registry/bench/app:$tag" >/dev/null
  pushed=$(date +%s%N)
  digest="$(cat "$work/d")"
  deadline=$(( $(date +%s) + 120 ))
  until curl -sf "$report/v1/findings?digest=$digest&size=1" | grep -Eq '"total":[1-9]'; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "image $i ($digest) not searchable after 120s" >&2; exit 1; }
    sleep 0.05
  done
  t=$(ms "$pushed" "$(date +%s%N)")
  times+=("$t")
  umoci rm --image "$layout:$tag" >/dev/null 2>&1 || true
  echo "image $i: $digest searchable ${t} ms after push"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
cnt=${#sorted[@]}
echo "push-to-searchable over $cnt images: min ${sorted[0]} ms, p50 ${sorted[$(( (cnt - 1) / 2 ))]} ms, max ${sorted[$(( cnt - 1 ))]} ms"
