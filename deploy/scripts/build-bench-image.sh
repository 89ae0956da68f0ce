#!/usr/bin/env bash
# Builds the SBOM benchmark images from real parts, as OCI layouts and docker-archive tarballs:
#   big:  Debian bookworm minbase (debootstrap) + a JDK copied to /opt/java/openjdk (as Temurin images do)
#         + the analyzer-service runtime jars and its shaded jar in /opt/app/lib (Maven Central jars)
#         + an `npm install` tree in /opt/web/node_modules                                   (~ several hundred MB)
#   tiny: one layer with /etc/os-release and a one-package dpkg status                       (start-up cost only)
# Everything downloaded is cached under <repo>/.tallyman/cache. Needs root (debootstrap, umoci unpack).
#   usage: deploy/scripts/build-bench-image.sh OUTDIR   → OUTDIR/{big,tiny}.tar and OUTDIR/{big,tiny}-layout
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "${1:?usage: build-bench-image.sh OUTDIR}" && cd "$1" && pwd)"
cache="$root/.tallyman/cache"
npm_cache="$cache/bench-npm"
jar_cache="$cache/bench-jars"
for tool in umoci skopeo npm java; do
  command -v "$tool" >/dev/null || { echo "build-bench-image: $tool is missing" >&2; exit 1; }
done

# Layer 1 comes from the demo image's cached debootstrap rootfs.
if [ ! -f "$cache/debian-bookworm-minbase/.tallyman-complete" ]; then
  "$root/deploy/scripts/build-demo-image.sh" "$out/.demo" >/dev/null
  rm -rf "$out/.demo"
fi

if [ ! -f "$jar_cache/.complete" ]; then
  echo "build-bench-image: collecting analyzer-service runtime jars" >&2
  rm -rf "$jar_cache" && mkdir -p "$jar_cache"
  (cd "$root" && ./mvnw -B -q -pl analyzer-service -am package dependency:copy-dependencies -DskipTests \
       -DincludeScope=runtime -DoutputDirectory="$jar_cache" >&2)
  cp "$root"/analyzer-service/target/tallyman-analyzer-service-*.jar "$jar_cache/analyzer-service-all.jar"
  rm -f "$jar_cache"/original-*.jar
  touch "$jar_cache/.complete"
fi

if [ ! -f "$npm_cache/.complete" ]; then
  echo "build-bench-image: npm install (once)" >&2
  rm -rf "$npm_cache" && mkdir -p "$npm_cache"
  (cd "$npm_cache" && npm init -y >/dev/null \
    && npm install --no-audit --no-fund --ignore-scripts \
         express@4.21.2 lodash@4.17.21 react@18.3.1 react-dom@18.3.1 typescript@5.6.3 webpack@5.96.1 \
         axios@1.7.7 moment@2.30.1 >&2)
  touch "$npm_cache/.complete"
fi

jdk="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"

build() { # name, then steps as functions applied to the rootfs
  local name="$1"; shift
  local layout="$out/$name-layout" bundle="$out/.bundle-$name"
  rm -rf "$layout" "$bundle"
  umoci init --layout "$layout"
  umoci new --image "$layout:base"
  umoci unpack --image "$layout:base" "$bundle" >/dev/null
  local i=0
  for step in "$@"; do
    "$step" "$bundle/rootfs"
    i=$((i + 1))
    umoci repack --refresh-bundle --history.created_by "bench-image step $step" --image "$layout:s$i" "$bundle"
  done
  umoci tag --image "$layout:s$i" "$name"
  for t in base $(seq -f 's%g' 1 "$i"); do umoci rm --image "$layout:$t" 2>/dev/null || true; done
  umoci gc --layout "$layout"
  rm -rf "$bundle" "$out/$name.tar"
  skopeo copy -q "oci:$layout:$name" "docker-archive:$out/$name.tar:tallyman-bench/$name:latest"
}

debian() {
  tar -C "$cache/debian-bookworm-minbase" --exclude=./.tallyman-complete --exclude='./dev/*' \
    --exclude='./proc/*' --exclude='./sys/*' -cf - . | tar -C "$1" -xpf -
}
java_runtime() { mkdir -p "$1/opt/java" && cp -a "$jdk" "$1/opt/java/openjdk"; }
app_jars() { mkdir -p "$1/opt/app/lib" && cp "$jar_cache"/*.jar "$1/opt/app/lib/"; }
web() { mkdir -p "$1/opt/web" && cp -a "$npm_cache/package.json" "$npm_cache/package-lock.json" "$npm_cache/node_modules" "$1/opt/web/"; }
tiny_os() {
  mkdir -p "$1/etc" "$1/var/lib/dpkg"
  cp "$cache/debian-bookworm-minbase/etc/os-release" "$1/etc/os-release"
  cp "$cache/debian-bookworm-minbase/etc/debian_version" "$1/etc/debian_version"
  awk 'BEGIN { RS = ""; ORS = "\n\n" } /^Package: base-files\n/ { print }' \
    "$cache/debian-bookworm-minbase/var/lib/dpkg/status" > "$1/var/lib/dpkg/status"
}

build big debian java_runtime app_jars web
build tiny tiny_os
ls -l "$out"/*.tar >&2
