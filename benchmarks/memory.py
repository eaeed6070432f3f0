"""Peak memory of a run (main process plus workers) for a small and a ten times larger corpus.

    .venv/bin/python benchmarks/memory.py --small 2000 --large 20000 --workers 2

Streaming should keep memory flat: the target is the larger run's peak within
1.3x the smaller one's.  Each run is made in a fresh process; the peak is of the
sum over the process and its workers (RSS, and PSS, which counts pages the
forked workers share with the main process once).  ``--batch`` puts the
documents in one JSONL batch file instead of one .txt file each.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import in_fresh_process, write_json  # noqa: E402
from corpus import DEFAULT_SOURCES, Generator  # noqa: E402

TARGET_RATIO = 1.3


def measure(docs: int, workers: int, fmt: str, seed: int, sources: list[str], batch: bool,
            tmp: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="venextract-mem-", dir=tmp) as name:
        folder = Path(name)
        gen = Generator.from_folders(sources, seed=seed)
        if batch:
            gen.write_jsonl(folder / "corpus" / "articles.jsonl", docs)
        else:
            gen.write_txt(folder / "corpus", docs)
        print(f"{docs:,} documents, {workers} worker(s) ...", file=sys.stderr)
        res = in_fresh_process("run", inputs=[str(folder / "corpus")], out_dir=str(folder / "out"),
                               workers=workers, fmt=fmt)
    return {"docs": docs, **res}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=0, help="worker processes [all cores]")
    parser.add_argument("--format", default="csv")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", action="append", default=None)
    parser.add_argument("--batch", action="store_true", help="one JSONL batch file instead of .txt files")
    parser.add_argument("--tmp", default=None)
    parser.add_argument("--json", default=None, help="also write the results as JSON to this file ('-': stdout)")
    args = parser.parse_args(argv)
    workers = args.workers or len(os.sched_getaffinity(0))
    sources = args.source or [str(p) for p in DEFAULT_SOURCES]
    runs = [measure(n, workers, args.format, args.seed, sources, args.batch, args.tmp) for n in (args.small,
                                                                                                args.large)]
    print(f"| {'documents':>9} | {'seconds':>7} | {'peak RSS MB (sum)':>17} | {'peak PSS MB (sum)':>17} | "
          f"{'max RSS main MB':>15} | {'max RSS worker MB':>17} |")
    print("|" + "|".join("-" * (w + 1) + ":" for w in (9, 7, 17, 17, 15, 17)) + "|")
    for r in runs:
        print(f"| {r['docs']:>9,} | {r['seconds']:>7.1f} | {r['peak_rss_mb']:>17,.0f} | {r['peak_pss_mb']:>17,.0f} | "
              f"{r['maxrss_self_mb']:>15,.0f} | {r['maxrss_child_mb']:>17,.0f} |")
    small, large = runs
    ratios = {key: large[key] / small[key] for key in ("peak_rss_mb", "peak_pss_mb") if small[key]}
    for key, ratio in ratios.items():
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"{key}: {args.large:,} docs / {args.small:,} docs = {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict})")
    result = {"workers": workers, "batch": args.batch, "runs": runs, "ratios": ratios, "target_ratio": TARGET_RATIO}
    write_json(result, args.json)


if __name__ == "__main__":
    main()
