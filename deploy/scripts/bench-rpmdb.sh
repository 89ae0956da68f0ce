#!/usr/bin/env bash
# Times the Berkeley DB rpmdb reader on a large database: N records (default 20000, a big CentOS 7
# image has ~400-1500) made of the real header blobs in the rpm testdata, 4096-byte pages as rpm
# used, read by `tallyman sbom dir:` (whole analysis, JVM start included) and by rpm's own read-only
# backend (`rpm -qa`). Needs db5.3-util, rpm and time (/usr/bin/time). Prints the figures;
# asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n=${1:-20000}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/rootfs/etc" "$w/rootfs/var/lib/rpm"
printf 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n' \
  > "$w/rootfs/etc/os-release"
python3 - "$root/analysis-core/src/test/resources/dev/tallyman/analysis/catalog/rpm/testdata/rpmdb.sqlite" "$n" "$w/dump" <<'PY'
import sqlite3, struct, sys
blobs = [bytes(b) for (b,) in sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(
    "SELECT blob FROM Packages ORDER BY hnum")]
n = int(sys.argv[2])
with open(sys.argv[3], "w") as d:
    d.write("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=4096\nHEADER=END\n")
    d.write(" %s\n %s\n" % (struct.pack("<I", 0).hex(), struct.pack("<I", n + 1).hex()))
    for h in range(1, n + 1):
        d.write(" %s\n %s\n" % (struct.pack("<I", h).hex(), blobs[h % len(blobs)].hex()))
    d.write("DATA=END\n")
PY
db5.3_load -f "$w/dump" "$w/rootfs/var/lib/rpm/Packages"
size=$(stat -c %s "$w/rootfs/var/lib/rpm/Packages")
[ -f "$root/cli/target/tallyman-cli-0.1.0-SNAPSHOT-all.jar" ] || (cd "$root" && ./mvnw -B -q -pl cli -am package -DskipTests)
# Wall time on a shared 2-core machine is mostly other people's load: CPU time is printed too.
timed() { /usr/bin/time -f '%e s wall, %U s user + %S s sys' -o "$w/time" "$@"; }
count=$(timed "$root/bin/tallyman" sbom "dir:$w/rootfs" --format table | sed -n 's/^Packages: //p')
t_tallyman=$(cat "$w/time")
mkdir "$w/db" && cp "$w/rootfs/var/lib/rpm/Packages" "$w/db/"
ref=$(timed rpm --dbpath "$w/db" --define '_db_backend bdb_ro' -qa 2>/dev/null | wc -l)
t_rpm=$(cat "$w/time")
echo "bench-rpmdb: Packages ${size} bytes, ${n} records"
echo "bench-rpmdb: tallyman sbom (JVM start + analysis + table): ${count} packages, ${t_tallyman}"
echo "bench-rpmdb: rpm -qa (bdb_ro):                            ${ref} packages, ${t_rpm}"
