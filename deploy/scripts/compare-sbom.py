#!/usr/bin/env python3
"""Compares two CycloneDX SBOMs package by package: (purl type, namespace, name, version).

Qualifiers are ignored (distro/arch/upstream notation differs between tools); an rpm/deb epoch is
folded into the version whether a tool writes it there ("1:2.3") or as an epoch= qualifier.
Prints counts per purl type and every package only one side lists.
    usage: compare-sbom.py A.cdx.json B.cdx.json [--names A B]
"""
import collections
import json
import sys
from urllib.parse import unquote


def key(purl):
    body, _, quals = purl.partition("?")
    q = dict(p.split("=", 1) for p in quals.split("&") if "=" in p)
    path, _, version = body.partition("@")
    typ, _, rest = path[len("pkg:"):].partition("/")
    ns, _, name = rest.rpartition("/")
    version = unquote(version)
    if "epoch" in q and q["epoch"] != "0" and ":" not in version:
        version = q["epoch"] + ":" + version
    return (typ, unquote(ns).lower() if typ in ("npm", "pypi") else unquote(ns), unquote(name), version)


def load(path):
    doc = json.load(open(path))
    out = {}
    for c in doc.get("components", []):
        if c.get("purl"):
            out.setdefault(key(c["purl"]), []).append(c)
    return out


def main():
    a_path, b_path = sys.argv[1], sys.argv[2]
    names = sys.argv[sys.argv.index("--names") + 1:][:2] if "--names" in sys.argv else ["A", "B"]
    a, b = load(a_path), load(b_path)
    types = sorted({k[0] for k in a} | {k[0] for k in b})
    print(f"{'type':10}{names[0]:>10}{names[1]:>10}{'common':>10}")
    for t in types:
        ka = {k for k in a if k[0] == t}
        kb = {k for k in b if k[0] == t}
        print(f"{t:10}{len(ka):10}{len(kb):10}{len(ka & kb):10}")
    print(f"{'total':10}{len(a):10}{len(b):10}{len(set(a) & set(b)):10}")
    for label, mine, other in ((names[0], a, b), (names[1], b, a)):
        only = sorted(set(mine) - set(other))
        print(f"\nonly in {label}: {len(only)}")
        for k in only:
            locs = sorted({p.get("value", "") for c in mine[k] for p in c.get("properties", [])
                           if p.get("name", "").endswith(("FilePath", "path", ":path"))})
            print("  " + "/".join(x for x in k[:3] if x) + "@" + k[3] + ("  " + ", ".join(locs[:2]) if locs else ""))


if __name__ == "__main__":
    main()
