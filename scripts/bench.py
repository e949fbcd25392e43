#!/usr/bin/env python3
"""Benchmark policykg at corpus scale and write the table to BENCHMARKS.md.

For each corpus size N it generates a deterministic corpus of N documents by copying
the real documents in ../shared/corpus/ (the sample plan and dev/*.md) round-robin to
distinct file names, builds it with the release binary into a fresh store, times every
read command, and measures two baselines on the same input in the same run:
Oxigraph's own CLI bulk-loading the exported quads (the store's write limit) and
Python jieba part-of-speech tagging of the same text (the first step of a Python
pipeline). Times are wall-clock seconds (median of --repeat runs), memory is peak RSS
from /usr/bin/time.

Usage: scripts/bench.sh [--sizes 100,1000,10000] [--repeat 3] [--work DIR]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "policykg"

# Read commands, each as the arguments after `policykg --store DIR`. Entities are ones
# the real corpus mentions.
READ_COMMANDS = [
    ("query district-industries", ["query", "district-industries", "--format", "csv"]),
    ("query district-industries-all", ["query", "district-industries-all", "--format", "csv"]),
    ("query park-districts", ["query", "park-districts", "--format", "csv"]),
    ("query park-industries", ["query", "park-industries", "--format", "csv"]),
    ("query sector-targets", ["query", "sector-targets", "--format", "csv"]),
    ("query sector-observations", ["query", "sector-observations", "--format", "csv"]),
    ("query sector-technologies", ["query", "sector-technologies", "--format", "csv"]),
    ("query sectors", ["query", "sectors", "--format", "csv"]),
    ("query technologies", ["query", "technologies", "--format", "csv"]),
    ("query parks", ["query", "parks", "--format", "csv"]),
    ("query districts", ["query", "districts", "--format", "csv"]),
    ("query indicators", ["query", "indicators", "--format", "csv"]),
    ("query documents", ["query", "documents", "--format", "csv"]),
    ("stats", ["stats"]),
    ("rank", ["rank", "--top", "20"]),
    ("neighbors 浦东新区", ["neighbors", "浦东新区"]),
    ("path 徐汇区 集成电路", ["path", "徐汇区", "集成电路"]),
    ("explain 徐汇区 人工智能", ["explain", "徐汇区", "人工智能"]),
    ("diagram districts", ["diagram", "districts"]),
    ("diagram sectors", ["diagram", "sectors"]),
    ("diagram focus 浦东新区", ["diagram", "focus", "浦东新区"]),
]

JIEBA_SCRIPT = r"""
import sys, jieba, jieba.posseg as pseg
jieba.setLogLevel(60)
jieba.initialize()
words = 0
for line in sys.stdin:
    path = line.rstrip("\n")
    with open(path, encoding="utf-8", errors="replace") as handle:
        for _ in pseg.cut(handle.read()):
            words += 1
print(words)
"""


def source_documents():
    shared = ROOT.parent / "shared" / "corpus"
    if not shared.is_dir():
        sys.exit(f"error: cannot find the real documents in '{shared}'")
    files = sorted(shared.glob("*.html")) + sorted((shared / "dev").glob("*.md"))
    if not files:
        sys.exit(f"error: no documents in '{shared}'")
    return files


def make_corpus(directory, count, sources):
    """N copies round-robin, 1,000 to a folder, names made distinct by their number."""
    if directory.exists():
        shutil.rmtree(directory)
    total = 0
    for index in range(count):
        source = sources[index % len(sources)]
        folder = directory / f"part-{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"d{index:05d}-{source.name}"
        shutil.copyfile(source, target)
        total += target.stat().st_size
    return total


def timed(command, stdin=None, env=None):
    """Runs a command under /usr/bin/time; returns (seconds, peak RSS in MB, stdout)."""
    started = time.monotonic()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "__RSS__ %M"] + command,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit(f"error: {' '.join(command)} failed with exit code {result.returncode}")
    rss = 0.0
    for line in result.stderr.splitlines():
        if line.startswith("__RSS__"):
            rss = int(line.split()[1]) / 1024
    return seconds, rss, result.stdout


def first_line_seconds(command):
    """Seconds until a streaming command prints its first line (then it is stopped)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdout.readline()
    seconds = time.monotonic() - started
    process.kill()
    process.wait()
    return seconds


def repeat(command, times):
    runs = [timed(command) for _ in range(times)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def size_mb(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += (Path(root) / name).stat().st_size
    return total / 1e6


def bench_size(count, work, sources, times):
    print(f"== {count} documents", file=sys.stderr)
    corpus = work / f"corpus-{count}"
    store = work / f"store-{count}"
    if store.exists():
        shutil.rmtree(store)
    input_bytes = make_corpus(corpus, count, sources)
    row = {"documents": count, "mb": input_bytes / 1e6}
    seconds, rss, _ = timed([str(BINARY), "--store", str(store), "build", str(corpus), "--quiet"])
    row["build_s"], row["build_rss"] = seconds, rss
    row["mb_per_s"] = row["mb"] / seconds
    row["store_mb"] = size_mb(store)
    reads = {}
    for name, args in READ_COMMANDS:
        reads[name] = repeat([str(BINARY), "--store", str(store)] + args, times)
        print(f"   {name}: {reads[name][0]:.2f} s, {reads[name][1]:.0f} MB", file=sys.stderr)
    row["export_first"] = first_line_seconds(
        [str(BINARY), "--store", str(store), "export", "--format", "nquads"]
    )
    export = work / f"export-{count}.nq"
    reads["export --format nquads"] = repeat(
        [str(BINARY), "--store", str(store), "export", "--format", "nquads", "-o", str(export)], 1
    )
    row["reads"] = reads
    # Baseline 1: Oxigraph's own bulk loader on the exported quads.
    oxigraph = shutil.which("oxigraph")
    if oxigraph:
        baseline_store = work / f"oxigraph-{count}"
        if baseline_store.exists():
            shutil.rmtree(baseline_store)
        seconds, rss, _ = timed([oxigraph, "load", "--location", str(baseline_store), "--file", str(export)])
        row["oxigraph"] = (seconds, rss, size_mb(baseline_store))
        dump = work / f"dump-{count}.nq"
        row["oxigraph_dump"] = timed(
            [oxigraph, "dump", "--location", str(baseline_store), "--file", str(dump)]
        )[:2]
        dump.unlink()
        shutil.rmtree(baseline_store)
    # Baseline 2: jieba part-of-speech tagging of the same files.
    files = "\n".join(str(p) for p in sorted(corpus.rglob("*")) if p.is_file()) + "\n"
    seconds, rss, _ = timed([sys.executable, "-c", JIEBA_SCRIPT], stdin=files)
    row["jieba"] = (seconds, rss, row["mb"] / seconds)
    export.unlink()
    shutil.rmtree(corpus)
    shutil.rmtree(store)
    return row


def render(rows, machine):
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench.sh` (do not edit by hand). " + machine,
        "Corpus: the real documents in `../shared/corpus/` (the sample and `dev/*.md`) copied",
        "round-robin to N distinct file names. Release build. Times are wall-clock seconds",
        "(median of repeated runs for read commands), memory is peak RSS.",
        "",
        "## Build",
        "",
        "| documents | MB | build s | MB/s | docs/s | peak RSS MB | store MB | Oxigraph CLI load s | its RSS MB | its store MB | jieba posseg s | jieba MB/s | jieba RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ox = row.get("oxigraph", (float("nan"),) * 3)
        jb = row["jieba"]
        lines.append(
            f"| {row['documents']:,} | {row['mb']:.1f} | {row['build_s']:.1f} | {row['mb_per_s']:.2f} | "
            f"{row['documents'] / row['build_s']:.0f} | {row['build_rss']:.0f} | {row['store_mb']:.0f} | "
            f"{ox[0]:.1f} | {ox[1]:.0f} | {ox[2]:.0f} | {jb[0]:.1f} | {jb[2]:.2f} | {jb[1]:.0f} |"
        )
    lines += ["", "## Read commands (seconds / peak RSS MB)", ""]
    header = "| command | " + " | ".join(f"{r['documents']:,} docs" for r in rows) + " |"
    lines += [header, "|---|" + "---:|" * len(rows)]
    for name in rows[0]["reads"]:
        cells = [f"{r['reads'][name][0]:.2f} s / {r['reads'][name][1]:.0f} MB" for r in rows]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    cells = [f"{r['export_first']:.2f} s" for r in rows]
    lines.append("| `export`, until its first quad (it streams) | " + " | ".join(cells) + " |")
    if all("oxigraph_dump" in r for r in rows):
        cells = [f"{r['oxigraph_dump'][0]:.2f} s / {r['oxigraph_dump'][1]:.0f} MB" for r in rows]
        lines.append("| baseline: Oxigraph CLI `dump` of the same quads | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per read command (median)")
    parser.add_argument("--work", default=str(ROOT / "target" / "bench"), help="scratch directory")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"), help="where the table goes")
    arguments = parser.parse_args()
    if not BINARY.exists():
        sys.exit(f"error: '{BINARY}' is missing; run `cargo build --release` first")
    work = Path(arguments.work)
    work.mkdir(parents=True, exist_ok=True)
    # The commit measured: taken before the run, as the binary is.
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    sources = source_documents()
    rows = [bench_size(int(n), work, sources, arguments.repeat) for n in arguments.sizes.split(",")]
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    machine = (
        f"Machine: {cores} cores, {memory:.0f} GiB; run on {time.strftime('%Y-%m-%d')}"
        f" at commit {commit or 'unknown'}."
    )
    Path(arguments.output).write_text(render(rows, machine), encoding="utf-8")
    print(f"wrote {arguments.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
