#!/bin/sh
# Rebuilds testdata/hello offline: Go 1.19 (Debian golang-go), golang.org/x/mod from Debian's
# golang-golang-x-mod-dev (/usr/share/gocode), and a one-file module vendored under another
# module's name, so the binary records a plain dependency and a versioned replacement (=>).
set -eu
out=$(cd "$(dirname "$0")" && pwd)
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cd "$src"
cat > go.mod <<'MOD'
module example.com/tallyman/hello

go 1.19

require (
	example.com/tallyman/greet v1.2.3
	golang.org/x/mod v0.7.0
)

replace example.com/tallyman/greet v1.2.3 => example.com/tallyman/greet-fork v1.2.4
MOD
cat > main.go <<'SRC'
package main

import (
	"fmt"
	"os"

	"example.com/tallyman/greet"
	"golang.org/x/mod/semver"
)

func main() {
	for _, v := range os.Args[1:] {
		fmt.Println(greet.Hello(v), semver.IsValid(v))
	}
}
SRC
mkdir -p vendor/golang.org/x/mod vendor/example.com/tallyman/greet
cp -r /usr/share/gocode/src/golang.org/x/mod/semver vendor/golang.org/x/mod/
printf 'package greet\n\n// Hello greets.\nfunc Hello(s string) string { return "hello " + s }\n' \
  > vendor/example.com/tallyman/greet/greet.go
cat > vendor/modules.txt <<'TXT'
# example.com/tallyman/greet v1.2.3 => example.com/tallyman/greet-fork v1.2.4
## explicit
example.com/tallyman/greet
# golang.org/x/mod v0.7.0
## explicit; go 1.17
golang.org/x/mod/semver
TXT
GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$out/hello" .
go version -m "$out/hello" | sed "s|^$out/||" > "$out/hello.go-version-m.txt"
