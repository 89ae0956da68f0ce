#!/bin/sh
# Writes the two legacy rpmdb formats from the real header blobs in rpmdb.sqlite (see README.md):
#   Packages     Berkeley DB hash (RHEL/CentOS 7 and 8, Amazon Linux 2), 512-byte pages so that
#                every header spans an overflow-page chain; written by Berkeley DB 5.3's db_load.
#   Packages.db  NDB (SUSE), written by rpm 4.18's own lib/backend/ndb/rpmpkg.c compiled alone
#                (Debian's rpm is built without the ndb backend).
# Needs: python3, db5.3-util, gcc, and rpm's source (`apt-get source rpm`, deb-src enabled) in
# $RPM_SRC (default: the first ./rpm-4.18* directory under $TMPDIR/rpmsrc).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
RPM_SRC=${RPM_SRC:-$(ls -d "${TMPDIR:-/tmp}"/rpmsrc/rpm-4.18* | head -1)}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

# 1. header blobs (hnum -> blob) out of the sqlite rpmdb, plus a db_load input in db_dump's
#    bytevalue format. Keys are the hnum as a little-endian uint32, as rpm's bdb backend wrote them
#    on x86; key 0 holds the next free hnum, as in real databases.
python3 - "$here/rpmdb.sqlite" "$w" <<'PY'
import sqlite3, struct, sys
db, out = sys.argv[1], sys.argv[2]
rows = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
    "SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
with open(f"{out}/Packages.dump", "w") as d:
    d.write("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=512\nHEADER=END\n")
    d.write(" %s\n %s\n" % (struct.pack("<I", 0).hex(), struct.pack("<I", rows[-1][0] + 1).hex()))
    for hnum, blob in rows:
        d.write(" %s\n %s\n" % (struct.pack("<I", hnum).hex(), bytes(blob).hex()))
        open(f"{out}/{hnum}.blob", "wb").write(blob)
    d.write("DATA=END\n")
with open(f"{out}/args", "w") as a:
    a.write(" ".join(f"{h} {out}/{h}.blob" for h, _ in rows))
PY

# 2. Berkeley DB hash.
rm -f "$here/Packages"
db5.3_load -f "$w/Packages.dump" "$here/Packages"

# 3. NDB, through rpm's rpmpkg.c with stand-ins for the two rpm-internal headers it includes.
mkdir -p "$w/shim/rpm"
cat > "$w/shim/system.h" <<'H'
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#define _(x) x
static inline void *xmalloc(size_t n) { void *p = malloc(n); if (!p) abort(); return p; }
static inline void *xcalloc(size_t n, size_t s) { void *p = calloc(n, s); if (!p) abort(); return p; }
static inline void *xrealloc(void *o, size_t n) { void *p = realloc(o, n); if (!p) abort(); return p; }
static inline char *xstrdup(const char *s) { char *p = strdup(s); if (!p) abort(); return p; }
H
printf '#define RPMLOG_ERR 3\n#define RPMLOG_WARNING 4\n#define rpmlog(l, ...) fprintf(stderr, __VA_ARGS__)\n' \
  > "$w/shim/rpm/rpmlog.h"
gcc -O1 -D_GNU_SOURCE -I"$w/shim" -I"$RPM_SRC/lib/backend/ndb" -o "$w/ndb-put" \
  "$here/ndb-put.c" "$RPM_SRC/lib/backend/ndb/rpmpkg.c"
rm -f "$here/Packages.db"
# shellcheck disable=SC2046
"$w/ndb-put" "$here/Packages.db" $(cat "$w/args")

# 4. rpm itself reads the Berkeley DB one (its read-only bdb backend):
mkdir "$w/bdb" && cp "$here/Packages" "$w/bdb/"
rpm --dbpath "$w/bdb" --define '_db_backend bdb_ro' -qa --qf '%{NAME}-%{EVR}.%{ARCH}\n' | sort
