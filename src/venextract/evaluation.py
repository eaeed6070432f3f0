"""Score a run against gold annotations written to the annotation guideline.

A gold file is JSON Lines, one object per document (``doc_id``, ``published``,
``title``, ``primary_province``, ``provinces``, ``money``, ``counts``,
``percents``, ``periods``).  A run folder holds the ``documents`` and
``mentions`` tables as written by ``venextract extract``.

Two scores per quantity type:

* strict: the normalised value matches (min, max; and the currency for money);
* detection: the predicted span overlaps the gold text's place in the document.

Gold items marked ``"optional": true`` are neither rewarded nor penalised.
Matching is greedy and one-to-one, in gold order; among equal candidates the
one whose span overlaps the gold text wins.  These rules are the reference
scorer's, kept identical so both give the same figures.

    >>> result = score(Path("gold.jsonl"), Path("docs"), Path("outputs"))  # doctest: +SKIP
    >>> print(report(result))                                              # doctest: +SKIP
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import VenextractError

KINDS: dict[str, str] = {"money": "MONEY", "counts": "COUNT", "percents": "PERCENT"}
"""Gold key → mention label of the three quantity types."""

RUN_FORMATS = ("csv", "parquet", "jsonl", "xlsx", "duckdb")
"""Formats a run table is looked for in, in this order (the first found is read)."""

RATIOS = ("count_unit_accuracy", "qualifier_accuracy", "period_attribution_accuracy",
          "primary_province_accuracy", "published_accuracy", "title_accuracy")

Item = dict[str, Any]
Span = tuple[int, int] | None
Same = Callable[[Item, Item], bool]


class RunTableError(VenextractError):
    """A run folder lacks a table the scorer needs."""


# ---------------------------------------------------------------- reading


def read_rows(run: str | Path, name: str) -> list[dict[str, Any]]:
    """The rows of table ``name`` in the run folder, as dicts of cell values.

    Looks for ``name.csv``, ``name.parquet``, ``name.jsonl``, then the run's
    workbook (``venextract.xlsx``) and database (``venextract.duckdb``), and
    reads the first found.  CSV cells stay strings; the value helpers below
    read every representation alike.
    """
    run = Path(run)
    for ext in RUN_FORMATS:
        if ext in ("xlsx", "duckdb"):
            from . import writers

            if (run / writers.output_files(ext)[0]).is_file():
                return writers.read_table(run, name, ext).to_dict("records")
            continue
        path = run / f"{name}.{ext}"
        if not path.exists():
            continue
        if ext == "csv":
            with path.open(newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))
        if ext == "jsonl":
            with path.open(encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]
        import pandas as pd

        return pd.read_parquet(path).to_dict("records")
    raise RunTableError(f"no {name} table in {run}: expected {name}.csv, .parquet or .jsonl, "
                        f"venextract.xlsx or venextract.duckdb; write one with `venextract extract -o {run}`")


def read_gold(path: str | Path) -> list[Item]:
    """The gold documents of a JSON Lines file."""
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- cell values


def blank(v: Any) -> bool:
    """Whether a cell is empty, in any of the forms the table formats give."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return True
    if type(v).__name__ in ("NAType", "NaTType"):
        return True
    return str(v).strip() in ("", "nan", "None", "NaT", "null")


def num(v: Any) -> float | None:
    return None if blank(v) else float(v)


def day(v: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a date, timestamp or string cell."""
    return None if blank(v) else str(v)[:10]


def truthy(v: Any) -> bool:
    return not blank(v) and str(v).strip().lower() in ("1", "true", "yes", "t")


def text_of(v: Any) -> str:
    """The cell as text with white space collapsed ("" when empty)."""
    return "" if blank(v) else " ".join(str(v).split())


# ---------------------------------------------------------------- matching


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def overlaps(a: Span, b: Span) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def locate(items: list[Item], text: str) -> None:
    """Give each gold item a ``_span`` in the document text.

    Items are in document order, so each takes the first occurrence after the
    previous item with the same text that overlaps no span already given; an
    item lying inside another ("21 and 5 products") takes its first occurrence.
    """
    given: list[tuple[int, int]] = []
    after: dict[str, int] = defaultdict(lambda: -1)
    for item in items:
        needle = item["text"]
        first = text.find(needle, after[needle] + 1)
        pos = first
        while pos >= 0 and any(overlaps((pos, pos + len(needle)), g) for g in given):
            pos = text.find(needle, pos + 1)
        if pos < 0:
            pos = first
        item["_span"] = (pos, pos + len(needle)) if pos >= 0 else None
        if pos >= 0:
            given.append(item["_span"])
            after[needle] = pos


def match(gold: Iterable[Item], pred: Iterable[Item], same: Same) -> tuple[list[tuple[Item, Item]], list[Item],
                                                                          list[Item]]:
    """Greedy one-to-one matching: (pairs, missed gold, unmatched predictions)."""
    free = list(pred)
    pairs: list[tuple[Item, Item]] = []
    missed: list[Item] = []
    for g in gold:
        cands = [p for p in free if same(g, p)]
        if not cands:
            missed.append(g)
            continue
        best = next((p for p in cands if overlaps(g.get("_span"), p["_span"])), cands[0])
        free = [p for p in free if p is not best]
        pairs.append((g, best))
    return pairs, missed, free


def same_period(g: Item, p: Item) -> bool:
    return g["start"] == day(p.get("period_start")) and g["end"] == day(p.get("period_end"))


def same_span(g: Item, p: Item) -> bool:
    return overlaps(g["_span"], p["_span"])


def same_value(kind: str) -> Same:
    """Strict equality of a gold quantity and a predicted one (currency too for money)."""

    def same(g: Item, p: Item) -> bool:
        ok = close(float(g["min"]), p["_min"]) and close(float(g["max"]), p["_max"])
        return ok and (kind != "money" or g.get("currency") == text_of(p.get("unit")))

    return same


def drop_optional(gold: list[Item], extra: list[Item], same: Same) -> list[Item]:
    """Predictions that match an optional gold item (by value or place) are neither right nor wrong."""
    optional = [g for g in gold if g.get("optional")]
    if not optional:
        return extra
    return [x for x in extra if not any(same(o, x) or overlaps(o.get("_span"), x["_span"]) for o in optional)]


def required(items: Iterable[Item]) -> list[Item]:
    return [x for x in items if not x.get("optional")]


# ---------------------------------------------------------------- tallies


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f": f}

    def full(self) -> dict[str, float | int]:
        return self.prf() | {"tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Ratio:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.ok += bool(ok)

    def value(self) -> float | None:
        return self.ok / self.n if self.n else None


class _Scores:
    """Every tally of a scoring run, filled document by document."""

    def __init__(self) -> None:
        self.strict = {k: Tally() for k in KINDS}
        self.detect = {k: Tally() for k in KINDS}
        self.periods, self.provinces, self.targets, self.period_detect = Tally(), Tally(), Tally(), Tally()
        self.unit, self.qualifier, self.attribution = Ratio(), Ratio(), Ratio()
        self.primary, self.published, self.title = Ratio(), Ratio(), Ratio()

    def document(self, g: Item, d: Item) -> None:
        self.primary.add((g.get("primary_province") or None) == (text_of(d.get("province")) or None))
        self.published.add(g.get("published") == day(d.get("published")))
        if g.get("title"):
            self.title.add(text_of(g["title"]) == text_of(d.get("title")))

    def provinces_of(self, g: Item, mentions: list[Item]) -> list[str]:
        gold = set(g.get("provinces") or [])
        pred = {text_of(m.get("province")) for m in mentions if m.get("label") == "PROVINCE"}
        self.provinces.add(len(gold & pred), len(pred - gold), len(gold - pred))
        return [f"  provinces: missed {sorted(gold - pred)} extra {sorted(pred - gold)}"] if gold != pred else []

    def periods_of(self, g: Item, mentions: list[Item], text: str) -> list[str]:
        gold = g.get("periods") or []
        locate(gold, text)
        pred = [m for m in mentions if m.get("label") == "PERIOD"]
        pairs, missed, extra = match(gold, pred, same_period)
        extra = drop_optional(gold, extra, same_period)
        missed = required(missed)
        self.periods.add(len([p for p in pairs if not p[0].get("optional")]), len(extra), len(missed))
        # detection counts optional periods like any other
        found, lost, stray = match([x for x in gold if x.get("_span")], pred, same_span)
        self.period_detect.add(len(found), len(stray), len(lost))
        lines = [f"  period missed: {x['text']!r} {x['start']}..{x['end']}" for x in missed]
        for x in extra:
            start, end = day(x.get("period_start")), day(x.get("period_end"))
            lines.append(f"  period extra:  {text_of(x.get('text'))!r} {start}..{end}")
        return lines

    def quantities_of(self, kind: str, g: Item, mentions: list[Item], text: str) -> list[str]:
        label = KINDS[kind]
        gold = g.get(kind) or []
        locate(gold, text)
        pred = [m for m in mentions if m.get("label") == label]
        for m in pred:
            m["_min"], m["_max"] = num(m.get("value_min")), num(m.get("value_max"))
        same = same_value(kind)

        pairs, missed, extra = match(gold, pred, same)
        extra = drop_optional(gold, extra, same)
        real_pairs = [p for p in pairs if not p[0].get("optional")]
        missed = required(missed)
        self.strict[kind].add(len(real_pairs), len(extra), len(missed))
        for gi, pi in real_pairs:
            if kind == "counts" and gi.get("unit"):
                self.unit.add(gi["unit"] == text_of(pi.get("unit")).lower())
            self.qualifier.add(gi.get("qualifier", "exact") == (text_of(pi.get("qualifier")) or "exact"))
            if gi.get("period"):
                self.attribution.add([gi["period"][0], gi["period"][1]]
                                     == [day(pi.get("period_start")), day(pi.get("period_end"))])

        found, lost, stray = match([x for x in gold if x.get("_span")], pred, same_span)
        stray = [x for x in stray if not any(overlaps(o["_span"], x["_span"]) for o in gold if o.get("optional"))]
        self.detect[kind].add(len([p for p in found if not p[0].get("optional")]), len(stray), len(required(lost)))

        gold_targets = [x for x in gold if x.get("target") and not x.get("optional")]
        pred_targets = [x for x in pred if truthy(x.get("is_target"))]
        hit, miss, wrong = match(gold_targets, pred_targets, same)
        wrong = [x for x in wrong if not any(same(o, x) for o in gold if o.get("optional"))]
        self.targets.add(len(hit), len(wrong), len(miss))

        return ([f"  {label.lower()} missed: {x['text']!r} {x['min']}..{x['max']}" for x in missed]
                + [f"  {label.lower()} extra:  {text_of(x.get('text'))!r} {x['_min']}..{x['_max']}" for x in extra])

    def result(self, n_docs: int, missing: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "docs": n_docs,
            "missing_docs": missing,
            "strict": {k: t.full() for k, t in self.strict.items()},
            "detection": {k: t.prf() for k, t in self.detect.items()} | {"periods": self.period_detect.prf()},
            "periods": self.periods.full(),
            "provinces": self.provinces.prf(),
            "targets": self.targets.full(),
            "count_unit_accuracy": self.unit.value(),
            "qualifier_accuracy": self.qualifier.value(),
            "period_attribution_accuracy": self.attribution.value(),
            "primary_province_accuracy": self.primary.value(),
            "published_accuracy": self.published.value(),
            "title_accuracy": self.title.value(),
        }
        f1s = [result["strict"][k]["f"] for k in KINDS] + [result[k]["f"] for k in ("periods", "provinces", "targets")]
        result["macro_f1"] = sum(f1s) / len(f1s)
        return result


# ---------------------------------------------------------------- scoring


def _document_text(docs: Path, doc_id: str) -> str:
    path = next(iter(sorted(docs.glob(f"{doc_id}.*"))), None)
    return path.read_text(encoding="utf-8") if path else ""


def score(gold: str | Path, docs: str | Path, run: str | Path) -> dict[str, Any]:
    """Score the run folder ``run`` against the gold file ``gold`` (documents in ``docs``).

    Returns precision ``p``, recall ``r`` and ``f`` (with ``tp``/``fp``/``fn``
    counts) under ``strict`` per quantity type, ``detection``, ``periods``,
    ``provinces`` and ``targets``; the accuracies in :data:`RATIOS`;
    ``macro_f1`` over the six F1 scores; ``missing_docs`` (gold documents the
    run lacks); and ``detail``: per document, each miss and extra, as lines.
    """
    docs_dir = Path(docs)
    gold_docs = read_gold(gold)
    documents = {str(d["doc_id"]): d for d in read_rows(run, "documents")}
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for m in read_rows(run, "mentions"):
        m["_span"] = None if blank(m.get("start_char")) else (int(float(m["start_char"])), int(float(m["end_char"])))
        by_doc[str(m["doc_id"])].append(m)

    scores = _Scores()
    missing: list[str] = []
    detail: list[str] = []
    for g in gold_docs:
        doc_id = str(g["doc_id"])
        text = _document_text(docs_dir, doc_id)
        if doc_id not in documents:
            missing.append(doc_id)
        scores.document(g, documents.get(doc_id, {}))
        mentions = by_doc.get(doc_id, [])
        lines = scores.provinces_of(g, mentions) + scores.periods_of(g, mentions, text)
        for kind in KINDS:
            lines += scores.quantities_of(kind, g, mentions, text)
        if lines:
            detail += [f"{doc_id}:", *lines]

    result = scores.result(len(gold_docs), missing)
    result["detail"] = detail
    return result


def misses(result: dict[str, Any]) -> dict[str, list[str]]:
    """The ``detail`` lines of a result grouped by document: doc_id → lines."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in result.get("detail", ()):
        if line.startswith("  "):
            current.append(line.strip())
        else:
            current = out.setdefault(line.rstrip(":"), [])
    return out


def report(result: dict[str, Any], detail: bool = False) -> str:
    """The scores as a text table; with ``detail``, followed by every miss and extra per document."""

    def fmt(v: float | None) -> str:
        return "  -  " if v is None else f"{v:5.3f}"

    r = result
    rows = [f"documents scored: {r['docs']}"
            + (f"  (missing from run: {len(r['missing_docs'])})" if r["missing_docs"] else "")]
    rows.append(f"{'':24} {'P':>5} {'R':>5} {'F1':>5}   detection F1")
    for k in KINDS:
        s = r["strict"][k]
        rows.append(f"{k:24} {fmt(s['p'])} {fmt(s['r'])} {fmt(s['f'])}   {fmt(r['detection'][k]['f'])}")
    for k in ("periods", "provinces", "targets"):
        s = r[k]
        rows.append(f"{k:24} {fmt(s['p'])} {fmt(s['r'])} {fmt(s['f'])}"
                    + (f"   {fmt(r['detection'][k]['f'])}" if k in r["detection"] else ""))
    for k in RATIOS:
        rows.append(f"{k:30} {fmt(r[k])}")
    rows.append(f"{'macro F1':30} {fmt(r['macro_f1'])}")
    if detail and r.get("detail"):
        rows += r["detail"]
    return "\n".join(rows)


def evaluate(gold: str | Path, docs: str | Path, run: str | Path) -> dict[str, Any]:
    """Score a run folder against a gold file: the same as :func:`score` (``venextract.evaluate``)."""
    return score(gold, docs, run)
