"""Where the time of a run goes: a per-stage breakdown, and optionally a pyinstrument profile.

    .venv/bin/python benchmarks/hotspots.py --docs 2000
    .venv/bin/python benchmarks/hotspots.py --docs 2000 --pyinstrument profile.html

One worker, in this process, over a generated corpus (see ``corpus.py``).  The
pipeline is built before the clock starts.  Each stage is timed by wrapping it:
reading files, tokenising (``nlp.make_doc``), every pipeline component,
flattening Docs into rows, staging rows and assembling the tables.  What is left
is the engine's and spaCy's own overhead.  (The breakdown's wrappers cost a
little; the pyinstrument profile, if asked for, is a separate unwrapped run.)
"""
from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corpus import DEFAULT_SOURCES, Generator  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)


def _timed(name: str, fn: Callable[..., Any], generator: bool = False) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
            if generator:  # readers stream: time the reading, not the consumer
                result = list(result)
            return result
        finally:
            SPENT[name] += time.perf_counter() - start

    return wrapper


def breakdown(corpus: Path, out: Path, fmt: str) -> tuple[float, dict[str, float]]:
    import venextract
    from venextract import engine, pipeline, readers, writers

    nlp = pipeline.load()
    readers.read_path = _timed("read files", readers.read_path, generator=True)
    engine.to_doc = _timed("tokenizer (make_doc) + metadata", engine.to_doc)
    engine.doc_rows = _timed("doc -> rows (tables.doc_rows)", engine.doc_rows)
    writers.RunWriter.add = _timed("stage rows (RunWriter.add)", writers.RunWriter.add)
    writers.RunWriter.close = _timed("assemble tables (RunWriter.close)", writers.RunWriter.close)
    for name, proc in nlp.pipeline:
        cls = type(proc)
        cls.__call__ = _timed(f"component {name}", cls.__call__)
    start = time.perf_counter()
    venextract.run([corpus], out, formats=(fmt,), workers=1)
    return time.perf_counter() - start, dict(SPENT)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", action="append", default=None)
    parser.add_argument("--format", default="csv")
    parser.add_argument("--pyinstrument", default=None,
                        help="also profile an unwrapped run with pyinstrument into this .html or .txt file")
    parser.add_argument("--tmp", default=None)
    args = parser.parse_args(argv)
    sources = args.source or [str(p) for p in DEFAULT_SOURCES]
    with tempfile.TemporaryDirectory(prefix="venextract-profile-", dir=args.tmp) as name:
        tmp = Path(name)
        articles = Generator.from_folders(sources, seed=args.seed).write_txt(tmp / "corpus", args.docs)
        words = sum(a.words for a in articles)
        if args.pyinstrument:
            profile(tmp / "corpus", tmp / "out-profile", args.format, args.pyinstrument)
        total, spent = breakdown(tmp / "corpus", tmp / "out", args.format)
    print(f"{args.docs:,} documents, {words:,} words, 1 worker: {total:.2f} s = {words / total:,.0f} words/s\n")
    print(f"| {'stage':<48} | {'seconds':>7} | {'share':>6} | {'ms/doc':>6} |")
    print("|" + "-" * 50 + "|" + "|".join("-" * (w + 1) + ":" for w in (7, 6, 6)) + "|")
    rows = sorted(spent.items(), key=lambda kv: -kv[1])
    rows.append(("other (engine, spaCy pipe, pickling, ...)", total - sum(spent.values())))
    for stage, seconds in rows:
        print(f"| {stage:<48} | {seconds:>7.2f} | {seconds / total:>6.1%} | {1000 * seconds / args.docs:>6.2f} |")


def profile(corpus: Path, out: Path, fmt: str, dest: str) -> None:
    from pyinstrument import Profiler

    import venextract
    from venextract import pipeline

    pipeline.load()
    profiler = Profiler(interval=0.001)
    profiler.start()
    venextract.run([corpus], out, formats=(fmt,), workers=1)
    profiler.stop()
    text = profiler.output_html() if dest.endswith(".html") else profiler.output_text(color=False, show_all=False)
    Path(dest).write_text(text, encoding="utf-8")
    print(f"pyinstrument profile written to {dest}", file=sys.stderr)


if __name__ == "__main__":
    main()
