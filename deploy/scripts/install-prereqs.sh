#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for the local stack and the tests:
# the Distribution registry, image tools, debootstrap, Maven (only to bootstrap ./mvnw).
# Idempotent; needs root (or sudo).
set -euo pipefail
# python3-rpm, ruby, python3-pip (vendored packaging), golang-golang-x-mod-dev (with golang-go) and
# php-cli (version_compare) are the reference implementations the version-scheme conformance
# tests compare against; rpm is the reference the rpmdb readers (sqlite, Berkeley DB) are checked
# against.
pkgs=(docker-registry skopeo umoci debootstrap apache2-utils maven curl ca-certificates dpkg-dev
  python3-rpm rpm ruby python3-pip golang-go golang-golang-x-mod-dev php-cli)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-prereqs: installing ${missing[*]}" >&2
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
command -v java >/dev/null || { echo "install-prereqs: JDK 17 is required (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
echo "install-prereqs: ok" >&2
