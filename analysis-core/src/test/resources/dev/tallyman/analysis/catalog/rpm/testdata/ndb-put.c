/*
 * Writes an rpm NDB Packages.db with rpm's own lib/backend/ndb/rpmpkg.c (compiled alone, see
 * make-legacy-dbs.sh): ndb-put OUT.db HNUM BLOBFILE [HNUM BLOBFILE ...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "rpmpkg.h"

int main(int argc, char **argv) {
    rpmpkgdb db;
    if (argc < 4 || argc % 2) {
        fprintf(stderr, "usage: ndb-put OUT.db HNUM BLOBFILE...\n");
        return 2;
    }
    if (rpmpkgOpen(&db, argv[1], O_RDWR | O_CREAT, 0644)) {
        perror(argv[1]);
        return 1;
    }
    for (int i = 2; i < argc; i += 2) {
        unsigned int hnum = (unsigned int) strtoul(argv[i], 0, 10);
        FILE *f = fopen(argv[i + 1], "rb");
        static unsigned char buf[1 << 24];
        size_t n;
        if (!f) {
            perror(argv[i + 1]);
            return 1;
        }
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        if (rpmpkgPut(db, hnum, buf, (unsigned int) n)) {
            fprintf(stderr, "rpmpkgPut %u failed\n", hnum);
            return 1;
        }
    }
    if (rpmpkgVerify(db)) {
        fprintf(stderr, "rpmpkgVerify failed\n");
        return 1;
    }
    rpmpkgClose(db);
    return 0;
}
