#!/usr/bin/env bash
# Builds the demo image as an OCI layout, offline-real: a Debian bookworm minbase rootfs made by
# debootstrap (layer 1) plus the real log4j-core 2.14.1 jar in /opt/app/lib (layer 2), so layer
# provenance shows. The rootfs is cached under <repo>/.tallyman/cache/ (debootstrap runs once).
# Needs root (debootstrap, umoci unpack). Prints the layout path; the image tag is "demo".
#   usage: deploy/scripts/build-demo-image.sh OUTDIR
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: build-demo-image.sh OUTDIR}"
cache="$root/.tallyman/cache"
rootfs_cache="$cache/debian-bookworm-minbase"
jar_cache="$cache/jars"
log4j="org.apache.logging.log4j:log4j-core:2.14.1"

for tool in debootstrap umoci; do
  command -v "$tool" >/dev/null || { echo "build-demo-image: $tool is missing (apt-get install debootstrap umoci)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "build-demo-image: needs root (debootstrap)" >&2; exit 1; }

# The Debian mirror configured for apt on this machine (never written into the repo).
debian_mirror() {
  local m=""
  if [ -f /etc/apt/sources.list ]; then
    m="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { if ($(i+1) == "bookworm") { print $i; exit } } }' /etc/apt/sources.list)"
  fi
  if [ -z "$m" ]; then
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      m="$(awk 'BEGIN { RS = ""; FS = "\n" }
        {
          uri = ""; suite = 0; deb = 0
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
            if ($i ~ /^Types:/ && $i ~ /(^|[ \t])deb([ \t]|$)/) deb = 1
            if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) suite = 1
          }
          if (uri != "" && suite && deb) { print uri; exit }
        }' "$f")"
      [ -n "$m" ] && break
    done
  fi
  [ -n "$m" ] || { echo "build-demo-image: no Debian bookworm mirror found in /etc/apt/sources.list*" >&2; return 1; }
  printf '%s\n' "$m"
}

mkdir -p "$cache" "$jar_cache"
if [ ! -f "$rootfs_cache/.tallyman-complete" ]; then
  mirror="$(debian_mirror)"
  echo "build-demo-image: debootstrap --variant=minbase bookworm (once; cached in $rootfs_cache)" >&2
  rm -rf "$rootfs_cache.tmp"
  debootstrap --variant=minbase bookworm "$rootfs_cache.tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; echo "build-demo-image: debootstrap failed (log: $cache/debootstrap.log)" >&2; exit 1; }
  rm -rf "$rootfs_cache.tmp/var/cache/apt/archives/"*.deb "$rootfs_cache.tmp/var/lib/apt/lists/"* 2>/dev/null || true
  touch "$rootfs_cache.tmp/.tallyman-complete"
  rm -rf "$rootfs_cache"
  mv "$rootfs_cache.tmp" "$rootfs_cache"
fi

jar="$jar_cache/log4j-core-2.14.1.jar"
if [ ! -f "$jar" ]; then
  echo "build-demo-image: fetching $log4j" >&2
  (cd "$root" && ./mvnw -B -q -N dependency:copy -Dartifact="$log4j" -DoutputDirectory="$jar_cache" >&2)
fi

mkdir -p "$out"
layout="$(cd "$out" && pwd)/layout"
bundle="$(cd "$out" && pwd)/bundle"
rm -rf "$layout" "$bundle"
umoci init --layout "$layout"
umoci new --image "$layout:base"
umoci unpack --image "$layout:base" "$bundle" >/dev/null

# Layer 1: the Debian rootfs (without the marker, /dev, /proc and /sys contents).
tar -C "$rootfs_cache" --exclude=./.tallyman-complete --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
  | tar -C "$bundle/rootfs" -xpf -
umoci repack --refresh-bundle --image "$layout:debian" "$bundle"

# Layer 2: the application jar.
mkdir -p "$bundle/rootfs/opt/app/lib"
cp "$jar" "$bundle/rootfs/opt/app/lib/"
umoci repack --image "$layout:demo" "$bundle"
umoci config --image "$layout:demo" \
  --config.workingdir /opt/app \
  --config.cmd sh --config.cmd -c --config.cmd 'ls /opt/app/lib' \
  --config.label org.opencontainers.image.title=tallyman-demo-app >/dev/null

umoci rm --image "$layout:base" 2>/dev/null || true
umoci rm --image "$layout:debian" 2>/dev/null || true
umoci gc --layout "$layout"
rm -rf "$bundle"
echo "$layout"
