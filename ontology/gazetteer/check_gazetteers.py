#!/usr/bin/env python3
"""Check the hand-written SKOS gazetteers in ontology/*.ttl.

Usage:  pip install rdflib && python3 ontology/gazetteer/check_gazetteers.py

Checks, over districts.ttl, sectors.ttl, technologies.ttl and areas.ttl:
  (a) every skos:Concept has exactly one @zh skos:prefLabel, is in its file's
      scheme and its IRI key is the prefLabel (districts: the 6-digit code);
  (b) no Chinese label (pref or alt, @zh) is used by two concepts across the
      four files, also after stripping a trailing 产业 (which the extractor
      strips from mentions); no label is a single character;
  (c) entries are sorted: districts by code, the others by prefLabel
      (Python's default string order), in the order they appear in the file;
  plus: skos:broader / pkg:gazetteerDistrict targets exist, IRIs contain no
  characters Turtle/IRI parsers reject, and the districts agree with
  gazetteer/cn-county-divisions.tsv.
Exits non-zero and lists the problems if any check fails.
"""

import csv
import os
import re
import sys
from collections import defaultdict

try:
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS
except ImportError:
    sys.exit("rdflib is needed: pip install rdflib")

HERE = os.path.dirname(os.path.abspath(__file__))
ONTO = os.path.dirname(HERE)
PKG = Namespace("https://w3id.org/policykg/ontology#")
ID = "https://w3id.org/policykg/id/"
FILES = [  # file, kind, class, scheme
    ("districts.ttl", "district", PKG.District, PKG.DistrictScheme),
    ("sectors.ttl", "sector", PKG.Sector, PKG.SectorScheme),
    ("technologies.ttl", "technology", PKG.Technology, PKG.TechnologyScheme),
    ("areas.ttl", "park", PKG.Park, PKG.AreaScheme),
]
BAD_IRI_CHARS = set(' <>"{}|^`\\')

errors = []


def err(msg):
    errors.append(msg)


def zh_literals(g, s, p):
    return [str(o) for o in g.objects(s, p) if getattr(o, "language", None) == "zh"]


def strip_suffix(label):
    return label[:-2] if label.endswith("产业") and len(label) > 3 else label


def main():
    label_owner = defaultdict(set)  # label -> {(file, concept)}
    norm_owner = defaultdict(set)
    all_concepts = {}
    district_codes = {}

    for fname, kind, cls, scheme in FILES:
        path = os.path.join(ONTO, fname)
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # noqa: BLE001
            err(f"{fname}: does not parse: {e}")
            continue
        concepts = set(g.subjects(RDF.type, SKOS.Concept))
        all_concepts[fname] = (g, concepts)
        if (scheme, RDF.type, SKOS.ConceptScheme) not in g:
            err(f"{fname}: {scheme} is not declared a skos:ConceptScheme")

        # (c) order as written in the file
        text = open(path, encoding="utf-8").read()
        order = [m.group(1) for m in re.finditer(r"^<(" + re.escape(ID) + r"[^>]*)>", text, re.M)]
        if len(order) != len(set(order)) or set(map(URIRef, order)) != concepts:
            err(f"{fname}: each concept must be written as exactly one block starting at column 0")

        keys = []
        for iri in order:
            c = URIRef(iri)
            if BAD_IRI_CHARS & set(iri):
                err(f"{fname}: IRI with forbidden characters: {iri}")
            if not iri.startswith(f"{ID}{kind}/"):
                err(f"{fname}: IRI not in {ID}{kind}/: {iri}")
            if (c, RDF.type, cls) not in g:
                err(f"{fname}: {iri} is not a {cls}")
            if (c, SKOS.inScheme, scheme) not in g:
                err(f"{fname}: {iri} is not skos:inScheme {scheme}")
            prefs = zh_literals(g, c, SKOS.prefLabel)
            if len(prefs) != 1:  # (a)
                err(f"{fname}: {iri} has {len(prefs)} @zh prefLabels")
                keys.append("")
                continue
            pref = prefs[0]
            key = iri[len(f"{ID}{kind}/"):]
            if kind == "district":
                notation = [str(o) for o in g.objects(c, SKOS.notation)]
                if notation != [key] or not re.fullmatch(r"\d{6}", key):
                    err(f"{fname}: {iri} notation {notation} does not match its code")
                district_codes[key] = pref
                keys.append(key)
            else:
                if key != pref:
                    err(f"{fname}: IRI key {key!r} differs from prefLabel {pref!r}")
                keys.append(pref)
            for lab in [pref] + zh_literals(g, c, SKOS.altLabel):
                if len(lab) < 2:
                    err(f"{fname}: {iri}: one-character label {lab!r}")
                if lab != lab.strip() or not lab:
                    err(f"{fname}: {iri}: label with surrounding blanks {lab!r}")
                label_owner[lab].add((fname, iri))
                norm_owner[strip_suffix(lab)].add((fname, iri))
            for b in g.objects(c, SKOS.broader):
                if b not in concepts:
                    err(f"{fname}: {iri}: skos:broader target {b} is not a concept of this file")
        if keys != sorted(keys):
            bad = next(i for i in range(1, len(keys)) if keys[i - 1] > keys[i])
            err(f"{fname}: entries not sorted: {keys[bad - 1]!r} comes before {keys[bad]!r}")

    # (b) label uniqueness across all files
    for lab, owners in sorted(label_owner.items()):
        if len(owners) > 1:
            err(f"label {lab!r} used by several concepts: {sorted(o[1] for o in owners)}")
    for lab, owners in sorted(norm_owner.items()):
        if len(owners) > 1 and len(label_owner.get(lab, ())) <= 1:
            err(f"labels collide once 产业 is stripped ({lab!r}): {sorted(o[1] for o in owners)}")

    # areas: host districts exist
    if "areas.ttl" in all_concepts:
        g, concepts = all_concepts["areas.ttl"]
        for c in concepts:
            for d in g.objects(c, PKG.gazetteerDistrict):
                if not str(d).startswith(ID + "district/") or str(d)[-6:] not in district_codes:
                    err(f"areas.ttl: {c}: unknown pkg:gazetteerDistrict {d}")

    # districts agree with the county table
    tsv = os.path.join(HERE, "cn-county-divisions.tsv")
    if os.path.exists(tsv):
        with open(tsv, encoding="utf-8", newline="") as f:
            rows = {r["code"]: r for r in csv.DictReader(f, delimiter="\t")}
        sh = {c: r["name"] for c, r in rows.items() if r["province"] == "上海市"}
        if sh != district_codes:
            err(f"districts.ttl differs from cn-county-divisions.tsv for Shanghai: "
                f"{sorted(set(sh.items()) ^ set(district_codes.items()))}")
    else:
        err("cn-county-divisions.tsv is missing (run generate_cn_counties.py)")

    counts = {f: len(c[1]) for f, c in all_concepts.items()}
    if errors:
        print("\n".join(errors))
        print(f"FAILED: {len(errors)} problem(s); concepts per file: {counts}")
        sys.exit(1)
    print(f"OK: {sum(counts.values())} concepts, {len(label_owner)} distinct zh labels; {counts}")


if __name__ == "__main__":
    main()
