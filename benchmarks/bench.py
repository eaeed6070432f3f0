"""Throughput of venextract end to end against spaCy's bare tokenizer and a statistical pipeline, in one run.

    .venv/bin/python benchmarks/bench.py --docs 2000 --workers 2
    .venv/bin/python benchmarks/bench.py --docs 20000 --workers 2 --json results.json

A corpus of all-different articles is generated (see ``corpus.py``), then each
measurement runs in a fresh process so that its time includes building the
pipeline and its peak memory is its own:

* the bare tokenizer: ``spacy.blank("en").tokenizer.pipe`` over the texts, in memory;
* a statistical pipeline: tok2vec, tagger, parser and NER built from spaCy's
  default English CPU config (``init_config(optimize="efficiency")``, the layers
  of ``en_core_web_sm`` give or take: its parser is narrower, its NER has a tok2vec
  of its own), randomly initialised with ``en_core_web_sm``'s labels since no trained
  model can be downloaded, over the first ``--statistical-docs`` texts in memory,
  one process (building and initialising it not timed);
* the full job: ``venextract.run`` from the files on disk to the tables, with 1
  and with N worker processes;
* the job's floor: the same 1-worker job with the recognisers and the linker
  taken out of the pipeline (reading, metadata, tokenising, sentences, rows and
  tables only; building the pipeline not timed), more than the full job could
  reach if they cost nothing;
* PDFs: a few generated multi-page reports through the full job (pages/s).

The statistical pipeline's speed does not depend on its weights: the same layers
do the same arithmetic and the parser and NER take one transition sequence of
fixed length per text, whatever the weights.  It does depend on the number of
labels, so each component is given ``en_core_web_sm``'s label set (50 tags, 45
dependency labels, 18 entity types).  It has no attribute ruler or lemmatizer,
so if anything it is a little faster than ``en_core_web_sm``.

Words are whitespace-separated words of the article texts, the same count for
every row (the statistical row counts those of its sample).  Targets: at least
100,000 words/s per core end to end, at least 30% of the bare tokenizer's speed,
and at least 20 times the statistical pipeline's.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import DEFAULT_SOURCES, Generator  # noqa: E402

TARGET_WORDS_PER_CORE = 100_000
TARGET_TOKENIZER_SHARE = 0.30
TARGET_STATISTICAL_MULTIPLE = 20


# ------------------------------------------------------------------ measuring inside a fresh process


class PeakMemory:
    """Samples the memory of process ``pid`` and all its children; keeps the peak of the sum.

    Run it from another process than the one measured: sampling (PSS reads ``/proc/*/smaps``)
    costs CPU time and, in the same process, holds the interpreter lock.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:  # ru_maxrss below still reports the peaks
            return
        try:
            me = psutil.Process(self.pid)
        except psutil.Error:
            return
        tick = 0
        while not self._stop.is_set():
            procs = [me]
            try:
                procs += me.children(recursive=True)
            except psutil.Error:
                pass
            rss = pss = 0
            for p in procs:
                try:
                    if tick % 4 == 0:  # PSS reads /proc/*/smaps: fine every few samples
                        full = p.memory_full_info()
                        rss += full.rss
                        pss += getattr(full, "pss", full.rss)
                    else:
                        rss += p.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_rss = max(self.peak_rss, rss)
            if tick % 4 == 0:
                self.peak_pss = max(self.peak_pss, pss)
            tick += 1
            self._stop.wait(self.interval)


def _mb(n: float) -> float:
    return round(n / 2**20, 1)


def _usage() -> dict[str, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "maxrss_self_mb": _mb(me.ru_maxrss * 1024),  # kilobytes on Linux
        "maxrss_child_mb": _mb(kids.ru_maxrss * 1024),
    }


def phase_tokenizer(texts_file: str) -> dict[str, Any]:
    import spacy

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp = spacy.blank("en")
    list(nlp.tokenizer.pipe(texts[:20]))  # warm the tokenizer's cache like a long run would
    tokens = 0
    start, cpu0 = time.perf_counter(), _usage()["cpu_s"]
    for doc in nlp.tokenizer.pipe(texts, batch_size=1000):
        tokens += len(doc)
    seconds = time.perf_counter() - start
    cpu_s = _usage()["cpu_s"] - cpu0
    return {"seconds": seconds, "cpu_s": cpu_s, "tokens": tokens, **_maxrss()}


# words, tags, heads, dependency labels, BILUO entity tags: enough to give every component some labels
_STATISTICAL_EXAMPLES = [
    ("The province of Hanoi spent VND 7 billion in 2020 .", "DT NN IN NNP VBD NNP CD CD IN CD .",
     [1, 4, 1, 2, 4, 4, 7, 5, 4, 8, 4], "det nsubj prep pobj ROOT dobj compound nummod prep pobj punct",
     "O O O U-GPE O B-MONEY I-MONEY L-MONEY O U-DATE O"),
    ("Exports rose 12.5 % to USD 3.2 billion .", "NNS VBD CD NN IN NNP CD CD .",
     [1, 1, 3, 1, 1, 4, 7, 5, 1], "nsubj ROOT nummod npadvmod prep pobj compound nummod punct",
     "O O B-PERCENT L-PERCENT O B-MONEY I-MONEY L-MONEY O"),
]


# en_core_web_sm's label sets: the size of each component's output layer, which sets much of its cost
_SM_TAGS = ("$ '' , -LRB- -RRB- . : ADD AFX CC CD DT EX FW HYPH IN JJ JJR JJS LS MD NFP NN NNP NNPS NNS PDT POS PRP "
            "PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB XX _SP ``").split()
_SM_DEPS = ("ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj csubj csubjpass "
            "dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass nummod oprd parataxis pcomp "
            "pobj poss preconj predet prep prt punct quantmod relcl xcomp").split()
_SM_ENTS = ("CARDINAL DATE EVENT FAC GPE LANGUAGE LAW LOC MONEY NORP ORDINAL ORG PERCENT PERSON PRODUCT QUANTITY "
            "TIME WORK_OF_ART").split()


def phase_statistical(texts_file: str, docs: int) -> dict[str, Any]:
    """spaCy's default English CPU pipeline, randomly initialised, over the first ``docs`` texts in one process."""
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.tokens import Doc
    from spacy.training import Example

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))[:docs]
    cfg = init_config(lang="en", pipeline=["tagger", "parser", "ner"], optimize="efficiency", gpu=False)
    spacy.util.fix_random_seed(0)
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)

    def examples() -> list[Example]:
        return [Example.from_dict(Doc(nlp.vocab, words=text.split()),
                                  {"words": text.split(), "tags": tags.split(), "heads": heads,
                                   "deps": deps.split(), "entities": ents.split()})
                for text, tags, heads, deps, ents in _STATISTICAL_EXAMPLES]

    for tag in _SM_TAGS:
        nlp.get_pipe("tagger").add_label(tag)
    for ent in _SM_ENTS:
        nlp.get_pipe("ner").add_label(ent)
    nlp.initialize(examples)
    arcs = {d: 1 for d in _SM_DEPS if d != "ROOT"}  # the parser's moves: shift, reduce, left, right, break
    nlp.get_pipe("parser").initialize(examples, nlp=nlp, labels={0: {"": 1}, 1: {"": 1}, 2: arcs, 3: arcs,
                                                                    4: {"ROOT": 1}})
    list(nlp.pipe(texts[:5]))  # warm it like the tokenizer phase
    tokens = 0
    start, cpu0 = time.perf_counter(), _usage()["cpu_s"]
    for doc in nlp.pipe(texts, batch_size=256):  # en_core_web_sm's batch size
        tokens += len(doc)
    seconds = time.perf_counter() - start
    cpu_s = _usage()["cpu_s"] - cpu0
    labels = {name: len(pipe.labels) for name, pipe in nlp.pipeline if hasattr(pipe, "labels")}
    return {"seconds": seconds, "cpu_s": cpu_s, "tokens": tokens, "pipe_names": nlp.pipe_names, "labels": labels,
            **_maxrss()}


def _maxrss() -> dict[str, float]:
    u = _usage()
    return {"maxrss_self_mb": u["maxrss_self_mb"], "maxrss_child_mb": u["maxrss_child_mb"]}


def phase_run(inputs: list[str], out_dir: str, workers: int, fmt: str) -> dict[str, Any]:
    """``venextract.run`` from files to tables, pipeline build included."""
    import venextract

    cpu0 = _usage()["cpu_s"]
    start = time.perf_counter()
    venextract.load()  # what run() does first anyway: timed apart, counted in the run
    load_s = time.perf_counter() - start
    summary = venextract.run(inputs, out_dir, formats=(fmt,), workers=workers)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_s": _usage()["cpu_s"] - cpu0, "load_s": load_s, "documents": summary.documents,
            "errors": summary.errors, "mentions": sum(summary.mentions.values()), **_maxrss()}


def phase_floor(inputs: list[str], out_dir: str, fmt: str) -> dict[str, Any]:
    """The 1-worker job with every component but the segmenter taken out of the pipeline.

    Building the pipeline is not timed (the full runs' times include it), so this bounds from above what
    the full job could reach.
    """
    import venextract
    from venextract import engine, pipeline

    start = time.perf_counter()
    nlp = pipeline.build()
    for name in [n for n in nlp.pipe_names if n != "venextract_segmenter"]:
        nlp.remove_pipe(name)
    engine.load = lambda *args, **kwargs: nlp  # the engine's workers are this process: workers=1
    load_s = time.perf_counter() - start
    cpu0 = _usage()["cpu_s"]
    start = time.perf_counter()
    summary = venextract.run(inputs, out_dir, formats=(fmt,), workers=1)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_s": _usage()["cpu_s"] - cpu0, "load_s": load_s, "documents": summary.documents,
            "errors": summary.errors, "mentions": sum(summary.mentions.values()), **_maxrss()}


def in_fresh_process(phase: str, **kwargs: Any) -> dict[str, Any]:
    """Run one measurement in a new interpreter and return what it reports."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--phase-args", json.dumps(kwargs)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with PeakMemory(proc.pid) as mem:  # sampled from here, so the measured process pays nothing for it
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{phase} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "peak_rss_mb": _mb(mem.peak_rss), "peak_pss_mb": _mb(mem.peak_pss)}


# ------------------------------------------------------------------ the benchmark


def make_corpus(folder: Path, docs: int, seed: int, sources: list[str]) -> tuple[list[str], int]:
    gen = Generator.from_folders(sources, seed=seed)
    articles = gen.write_txt(folder, docs)
    texts = [a.text for a in articles]
    return texts, sum(len(t.split()) for t in texts)


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    workers = args.workers or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="venextract-bench-", dir=args.tmp) as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        texts, words = make_corpus(tmp / "corpus", args.docs, args.seed, args.source)
        gen_s = time.perf_counter() - t0
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        n_docs, chars = len(texts), sum(map(len, texts))
        sample = texts[:max(args.statistical_docs, 0)]
        stat_docs, stat_words = len(sample), sum(len(t.split()) for t in sample)
        del texts, sample
        print(f"corpus: {n_docs:,} documents, {words:,} words, {chars / 2**20:.1f} MB of text "
              f"(generated in {gen_s:.1f} s)", file=sys.stderr)

        rows: list[dict[str, Any]] = []
        tok = in_fresh_process("tokenizer", texts_file=str(texts_file))
        rows.append({"name": "spaCy tokenizer only", "workers": 1, "docs": n_docs, "words": words, **tok})
        stat: dict[str, Any] | None = None
        if stat_docs:
            print(f"statistical pipeline, {stat_docs:,} documents ...", file=sys.stderr)
            res = in_fresh_process("statistical", texts_file=str(texts_file), docs=stat_docs)
            stat = {"name": f"spaCy statistical ({stat_docs:,} docs)", "workers": 1, "docs": stat_docs,
                    "words": stat_words, **res}
            rows.append(stat)
        corpus_dir = str(tmp / "corpus")
        for w in ([1] if not args.skip_single else []) + ([workers] if workers > 1 or args.skip_single else []):
            print(f"full run, {w} worker(s) ...", file=sys.stderr)
            res = in_fresh_process("run", inputs=[corpus_dir], out_dir=str(tmp / f"out-{w}"), workers=w,
                                   fmt=args.format)
            rows.append({"name": f"full run ({args.format}), {w} worker{'s' if w > 1 else ''}", "workers": w,
                         "docs": n_docs, "words": words, **res})
        if not args.skip_floor:
            print("the job's floor (no recognisers), 1 worker ...", file=sys.stderr)
            res = in_fresh_process("floor", inputs=[corpus_dir], out_dir=str(tmp / "out-floor"), fmt=args.format)
            rows.append({"name": "floor: no recognisers, 1 worker", "workers": 1, "docs": n_docs, "words": words,
                         **res})
        for row in rows:
            row["docs_per_s"] = row["docs"] / row["seconds"]
            row["words_per_s"] = row["words"] / row["seconds"]
            row["words_per_s_per_core"] = row["words_per_s"] / row["workers"]
            row["words_per_cpu_s"] = row["words"] / row["cpu_s"]
            row["share_of_tokenizer"] = row["words_per_s_per_core"] / rows[0]["words_per_s"]
            row["share_of_tokenizer_cpu"] = row["words_per_cpu_s"] / rows[0]["words_per_cpu_s"]
        for row in rows if stat else []:  # multiples of the statistical pipeline's speed
            row["x_statistical"] = row["words_per_s_per_core"] / stat["words_per_s"]
            row["x_statistical_cpu"] = row["words_per_cpu_s"] / stat["words_per_cpu_s"]
        best_x_statistical = max((r["x_statistical_cpu"] for r in rows if stat and r["name"].startswith("full")),
                                 default=None)

        pdf: dict[str, Any] = {}
        if args.pdfs:
            print(f"PDFs: {args.pdfs} reports ...", file=sys.stderr)
            pages = Generator.from_folders(args.source, seed=args.seed + 1).write_pdfs(
                tmp / "pdfs", args.pdfs, articles_per_pdf=args.pdf_articles)
            res = in_fresh_process("run", inputs=[str(tmp / "pdfs")], out_dir=str(tmp / "out-pdf"),
                                   workers=min(workers, args.pdfs), fmt=args.format)
            pdf = {"files": args.pdfs, "pages": pages, "pages_per_s": pages / res["seconds"], **res}

    return {
        "machine": {"cores": len(os.sched_getaffinity(0)), "python": sys.version.split()[0]},
        "corpus": {"documents": n_docs, "words": words, "mb": round(chars / 2**20, 1), "seed": args.seed},
        "pipeline_load_s": next((r["load_s"] for r in rows if "load_s" in r), 0.0),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "runs": rows,
        "pdf": pdf,
        "targets": {"words_per_s_per_core": TARGET_WORDS_PER_CORE, "share_of_tokenizer": TARGET_TOKENIZER_SHARE,
                    "statistical_multiple": TARGET_STATISTICAL_MULTIPLE,
                    "statistical_multiple_measured": best_x_statistical},
    }


def report(result: dict[str, Any]) -> str:
    c = result["corpus"]
    stat = next((r for r in result["runs"] if r["name"].startswith("spaCy statistical")), None)
    widths = (7, 7, 7, 9, 12, 11, 12) + ((14,) if stat else ()) + (11, 11)
    lines = [
        f"corpus: {c['documents']:,} docs, {c['words']:,} words; {result['machine']['cores']} cores; "
        f"pipeline build {result['pipeline_load_s']:.2f} s (included in full runs)",
        "",
        f"| {'measurement':<32} | {'seconds':>7} | {'CPU s':>7} | {'docs/s':>7} | {'words/s':>9} | "
        f"{'words/s/core':>12} | {'words/CPU-s':>11} | {'vs tokenizer':>12} | "
        + (f"{'vs statistical':>14} | " if stat else "") + f"{'peak RSS MB':>11} | {'peak PSS MB':>11} |",
        "|" + "-" * 34 + "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['name']:<32} | {r['seconds']:>7.1f} | {r['cpu_s']:>7.1f} | {r['docs_per_s']:>7,.0f} | "
            f"{r['words_per_s']:>9,.0f} | {r['words_per_s_per_core']:>12,.0f} | {r['words_per_cpu_s']:>11,.0f} | "
            f"{r['share_of_tokenizer_cpu']:>11.1%} | " + (f"{r['x_statistical_cpu']:>13.1f}x | " if stat else "")
            + f"{r['peak_rss_mb']:>11,.0f} | {r['peak_pss_mb']:>11,.0f} |"
        )
    pdf = result["pdf"]
    if pdf:
        lines += ["", f"PDF: {pdf['files']} files, {pdf['pages']} pages in {pdf['seconds']:.1f} s = "
                      f"{pdf['pages_per_s']:.1f} pages/s ({pdf['documents']} documents, {pdf['errors']} errors)"]
    full = [r for r in result["runs"] if r["name"].startswith("full")]
    floor = next((r for r in result["runs"] if r["name"].startswith("floor")), None)
    if full and stat:
        lines += ["", f"statistical pipeline ({', '.join(stat['pipe_names'])}, randomly initialised) on the first "
                      f"{stat['docs']:,} documents ({stat['words']:,} words), one process; full runs as multiples:"]
        lines += [f"  {r['name']}: {r['x_statistical_cpu']:.1f}x per CPU-s, {r['x_statistical']:.1f}x per core "
                  f"(wall clock)" for r in full]
    if full:
        best = max(r["words_per_cpu_s"] for r in full)
        share = max(r["share_of_tokenizer_cpu"] for r in full)
        t = result["targets"]
        if stat:
            multiple = max(r["x_statistical_cpu"] for r in full)
            stat_target = f"{multiple:.1f}x -> {'met' if multiple >= t['statistical_multiple'] else 'NOT met'}"
        else:
            stat_target = "not measured (--statistical-docs 0)"
        lines += [
            "",
            "words/CPU-s and the 'vs' columns count CPU time (main process and workers), so they hold on a busy "
            "machine;",
            f"load average during the run: {result['load_average']}",
            f"target >= {t['words_per_s_per_core']:,} words/s per core: {best:,.0f} words/CPU-s "
            f"-> {'met' if best >= t['words_per_s_per_core'] else 'NOT met'}",
            f"target >= {t['share_of_tokenizer']:.0%} of the tokenizer: {share:.1%} "
            f"-> {'met' if share >= t['share_of_tokenizer'] else 'NOT met'}",
            f"target >= {t['statistical_multiple']}x a statistical pipeline: {stat_target}",
        ]
        if floor:
            lines.append(f"the job without recognisers reaches {floor['share_of_tokenizer_cpu']:.1%} of the tokenizer: "
                         "more than the full job could reach if the recognisers and the linker cost nothing")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="documents to generate [2000]")
    parser.add_argument("--workers", type=int, default=0, help="worker processes of the parallel run [all cores]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", action="append", default=None,
                        help="folder of sample .txt articles to recombine (repeatable) [corpus/]")
    parser.add_argument("--format", default="csv", help="output format of the full runs [csv]")
    parser.add_argument("--pdfs", type=int, default=4, help="multi-page PDF reports to time (0: none) [4]")
    parser.add_argument("--pdf-articles", type=int, default=8, help="articles per PDF report [8]")
    parser.add_argument("--statistical-docs", type=int, default=200,
                        help="first documents to time the statistical pipeline on (0: skip it) [200]")
    parser.add_argument("--skip-single", action="store_true", help="skip the 1-worker run")
    parser.add_argument("--skip-floor", action="store_true", help="skip the run without recognisers")
    parser.add_argument("--tmp", default=None, help="folder for the generated corpus and outputs [system temp]")
    parser.add_argument("--json", default=None, help="also write the results as JSON to this file ('-': stdout)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--phase-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        kwargs = json.loads(args.phase_args)
        phases = {"tokenizer": phase_tokenizer, "statistical": phase_statistical, "run": phase_run,
                  "floor": phase_floor}
        out = phases[args.phase](**kwargs)
        print(json.dumps(out))
        return
    args.source = args.source or [str(p) for p in DEFAULT_SOURCES]
    result = benchmark(args)
    print(report(result))
    write_json(result, args.json)


def write_json(result: dict[str, Any], dest: str | None) -> None:
    """``result`` as JSON on standard output (``-``) or into the file ``dest``; nothing without one."""
    if dest == "-":
        print(json.dumps(result, indent=2))
    elif dest:
        Path(dest).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
