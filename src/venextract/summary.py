"""Summarise a run's facts for analysis: money, counts and percentages by province and period.

Plans and targets are never added to results: ``is_target`` is part of every
grouping.  Money is summed per currency and counts per counted unit;
percentages are listed, never summed; money per unit (prices such as
``VND/kg``) is listed as rates, not summed either.

A period is labelled for reading and sorting: ``2021`` (a calendar year),
``2016-2020`` (whole years), ``2023-01..2023-06`` (whole months), a day, an
open span (``since 2016``, ``until 2025``), or ``(no period)``; ``year`` is the
year the period ends.  Totals add up every figure reported, so the same amount
reported by two articles counts twice: the ``documents`` column says how many
articles a total rests on.

    >>> tables = summarize("outputs")       # doctest: +SKIP
    >>> tables["money"].head()              # doctest: +SKIP
"""
from __future__ import annotations

import calendar
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import VenextractError

if TYPE_CHECKING:
    import pandas as pd

NO_PROVINCE = "(no province)"
NO_PERIOD = "(no period)"
NO_UNIT = "(no unit)"
GROUP = ["province", "period", "is_target"]
TABLES = ("overview", "money", "counts", "percents", "rates")


class MissingDependency(VenextractError):
    """An optional dependency is not installed."""


# ---------------------------------------------------------------- periods


def _as_date(v: Any) -> date | None:
    if v is None or v != v or type(v).__name__ in ("NAType", "NaTType"):  # None, NaN, NA, NaT
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = str(v).strip()
    return date.fromisoformat(text[:10]) if text else None


def _month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def period_label(start: Any, end: Any) -> str:
    """A short label for the span ``start``..``end`` (dates, ISO strings or null).

    >>> period_label("2021-01-01", "2021-12-31"), period_label("2016-01-01", "2020-12-31")
    ('2021', '2016-2020')
    >>> period_label("2023-01-01", "2023-06-30"), period_label("2014-08-01", "2014-08-01")
    ('2023-01..2023-06', '2014-08-01')
    >>> period_label(None, "2025-12-31"), period_label("2016-01-01", None), period_label(None, None)
    ('until 2025', 'since 2016', '(no period)')
    >>> period_label("2016-01-01", "2020-09-18")
    '2016-01-01..2020-09-18'
    """
    s, e = _as_date(start), _as_date(end)
    if s is None and e is None:
        return NO_PERIOD
    if s is None:
        return f"until {e.year}" if (e.month, e.day) == (12, 31) else f"until {e.isoformat()}"
    if e is None:
        return f"since {s.year}" if (s.month, s.day) == (1, 1) else f"since {s.isoformat()}"
    if (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31):
        return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
    if s == e:
        return s.isoformat()
    if s.day == 1 and _month_end(e):
        return f"{s.year}-{s.month:02d}..{e.year}-{e.month:02d}"
    return f"{s.isoformat()}..{e.isoformat()}"


# ---------------------------------------------------------------- reading


def read_facts(source: Any) -> pd.DataFrame:
    """The facts table of a run folder, an :class:`~venextract.api.Extraction` or a DataFrame."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return source
    if hasattr(source, "facts") and isinstance(source.facts, pd.DataFrame):
        return source.facts
    from .writers import read_table

    return read_table(Path(source), "facts")


def _prepare(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts with readable group keys (province, period label, year, target flag) and float values."""
    import pandas as pd

    f = pd.DataFrame({
        "doc_id": facts["doc_id"].astype("object"),
        "mention_id": facts["mention_id"].astype("object"),
        "kind": facts["kind"].astype("object"),
        "province": facts["province"].astype("object").where(facts["province"].notna(), NO_PROVINCE),
        "is_target": facts["is_target"].astype("boolean").fillna(False).astype(bool),
        "value_min": pd.to_numeric(facts["value_min"], errors="coerce").astype("float64"),
        "value_max": pd.to_numeric(facts["value_max"], errors="coerce").astype("float64"),
        "unit": facts["unit"].astype("object").where(facts["unit"].notna(), NO_UNIT),
        "qualifier": facts["qualifier"].astype("object").where(facts["qualifier"].notna(), "exact"),
    })
    starts = [_as_date(v) for v in facts["period_start"]]
    ends = [_as_date(v) for v in facts["period_end"]]
    f["period_start"] = starts
    f["period_end"] = ends
    f["period"] = [period_label(s, e) for s, e in zip(starts, ends, strict=True)]
    f["year"] = pd.array([e.year if e else None for e in ends], dtype="Int64")
    for col in ("object", "period_text", "sentence_text"):
        f[col] = facts[col].astype("object") if col in facts else None
    f["value_max"] = f["value_max"].fillna(f["value_min"])
    # order periods by time, open and missing ones last
    f["_order_start"] = [s or (e and date(e.year, 1, 1)) or date.max for s, e in zip(starts, ends, strict=True)]
    f["_order_end"] = [e or date.max for e in ends]
    return f


def _period_order(f: pd.DataFrame) -> dict[str, tuple[date, date, str]]:
    return {p: (s, e, p) for p, s, e in zip(f["period"], f["_order_start"], f["_order_end"], strict=True)}


def _sort(table: pd.DataFrame, order: dict[str, tuple[date, date, str]], extra: list[str] | None = None
          ) -> pd.DataFrame:
    if table.empty:
        return table.reset_index(drop=True)
    keys = table["period"].map(order)
    table = table.assign(_p=keys, _none=table["province"].eq(NO_PROVINCE))
    table = table.sort_values(["_none", "province", "_p", "is_target", *(extra or [])], kind="stable")
    return table.drop(columns=["_p", "_none"]).reset_index(drop=True)


# ---------------------------------------------------------------- tables


def _totals(f: pd.DataFrame, key: str) -> pd.DataFrame:
    """Sum of lower and upper bounds per group and ``key``, with the number of facts and documents."""
    import pandas as pd

    cols = [*GROUP, "year", key, "total_min", "total_max", "facts", "documents"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    g = f.groupby([*GROUP, key], dropna=False, sort=False)
    out = g.agg(year=("year", "first"), total_min=("value_min", "sum"), total_max=("value_max", "sum"),
                facts=("mention_id", "size"), documents=("doc_id", "nunique")).reset_index()
    return out[cols]


def _number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _span(lo: float, hi: float, suffix: str = "") -> str:
    if lo != lo:  # NaN
        return "?"
    return f"{_number(lo)}{suffix}" if lo == hi or hi != hi else f"{_number(lo)}-{_number(hi)}{suffix}"


def summarize(source: Any) -> dict[str, pd.DataFrame]:
    """Summary tables of a run folder (or an Extraction, or a facts DataFrame).

    Returns ``overview`` (one row per province, period and target flag: money
    totals per currency, counts per unit, percentages and rates listed), ``money``
    (totals per currency), ``counts`` (totals per unit), ``percents`` (every
    percentage, with its sentence) and ``rates`` (money per unit, listed).
    Totals give the sums of lower (``total_min``) and upper (``total_max``)
    bounds; they differ only where ranges were reported.
    """

    f = _prepare(read_facts(source))
    order = _period_order(f)
    is_rate = f["kind"].eq("money") & f["unit"].str.contains("/", regex=False)
    money_f = f[f["kind"].eq("money") & ~is_rate].rename(columns={"unit": "currency"})
    count_f = f[f["kind"].eq("count")]
    listed = ["doc_id", "mention_id", *GROUP, "year", "value_min", "value_max", "qualifier", "object", "sentence_text"]
    percents = _sort(f.loc[f["kind"].eq("percent"), listed], order, ["doc_id", "mention_id"])
    rates = _sort(f.loc[is_rate, [*listed[:6], "value_min", "value_max", "unit", *listed[8:]]], order,
                  ["doc_id", "mention_id"])
    money = _sort(_totals(money_f, "currency"), order, ["currency"])
    counts = _sort(_totals(count_f, "unit"), order, ["unit"])

    groups = f.groupby(GROUP, sort=False)
    overview = groups.agg(year=("year", "first"), facts=("mention_id", "size"),
                          documents=("doc_id", "nunique")).reset_index()
    if not money.empty:
        wide = money.pivot_table(index=GROUP, columns="currency", values="total_min", aggfunc="sum")
        wide.columns = [f"money_{c}" for c in wide.columns]
        overview = overview.merge(wide.reset_index(), on=GROUP, how="left")
    overview["counts"] = _joined(count_f.groupby([*GROUP, "unit"], sort=False)
                                 .agg(lo=("value_min", "sum"), hi=("value_max", "sum")).reset_index(),
                                 overview, lambda r: f"{_span(r.lo, r.hi)} {r.unit}")
    percent_f = f[f["kind"].eq("percent")]
    overview["percents"] = _joined(percent_f, overview, lambda r: _span(r.value_min, r.value_max, "%"))
    overview["rates"] = _joined(f[is_rate], overview, lambda r: f"{_span(r.value_min, r.value_max)} {r.unit}")
    overview = _sort(overview, order)
    return {"overview": overview, "money": money, "counts": counts, "percents": percents, "rates": rates}


def _joined(rows: pd.DataFrame, overview: pd.DataFrame, fmt: Any) -> list[str]:
    """For each overview row, ``fmt`` of its matching ``rows`` joined with "; " ("" when none)."""
    texts: dict[tuple[Any, ...], list[str]] = {}
    for r in rows.itertuples(index=False):
        texts.setdefault((r.province, r.period, r.is_target), []).append(fmt(r))
    return ["; ".join(texts.get(key, [])) for key in zip(overview["province"], overview["period"],
                                                          overview["is_target"], strict=True)]


# ---------------------------------------------------------------- writing and charts


def write(tables: dict[str, pd.DataFrame], out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write the summary tables: one CSV per table, or one workbook ``summary.xlsx`` with a sheet each."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        import pandas as pd

        path = out / "summary.xlsx"
        with pd.ExcelWriter(path) as book:
            for name, table in tables.items():
                table.to_excel(book, sheet_name=name, index=False)
        return [path]
    if fmt != "csv":
        raise ValueError(f"unknown summary format {fmt!r}; use csv or xlsx")
    paths = []
    for name, table in tables.items():
        path = out / f"{name}.csv"
        table.to_csv(path, index=False)
        paths.append(path)
    return paths


def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependency("charts need matplotlib: pip install 'venextract[charts]' "
                                "(or pip install matplotlib)") from None
    return Figure


def money_chart(tables: dict[str, pd.DataFrame], by: str = "province") -> Any:
    """A bar chart (matplotlib Figure) of money totals by ``province`` or ``year``, results beside targets.

    One panel per currency; a figure without money says so.
    """
    if by not in ("province", "year"):
        raise ValueError("by must be 'province' or 'year'")
    figure_class = _figure_class()
    money = tables["money"]
    if by == "year":
        money = money[money["year"].notna()]
    currencies = sorted(money["currency"].unique()) if not money.empty else []
    rows = money[by].nunique() if by == "province" and not money.empty else 8
    panel = max(3.0, 0.5 + 0.32 * rows)
    fig = figure_class(figsize=(9, panel * max(1, len(currencies))), layout="constrained")
    if not currencies:
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, "no money amounts" + (" with a period" if by == "year" else ""), ha="center")
        ax.set_axis_off()
        return fig
    axes = fig.subplots(len(currencies), 1, squeeze=False)[:, 0]
    for ax, currency in zip(axes, currencies, strict=True):
        part = money[money["currency"].eq(currency)]
        wide = part.pivot_table(index=by, columns="is_target", values="total_min", aggfunc="sum", fill_value=0.0)
        wide = wide.reindex(columns=[False, True], fill_value=0.0)
        if by == "province":
            wide = wide.loc[wide.sum(axis=1).sort_values(ascending=True).index]
        else:
            wide = wide.sort_index()
        scale, name = _scale(float(wide.to_numpy().max()))
        labels = [str(i) for i in wide.index]
        pos = list(range(len(labels)))
        height = 0.4
        bars = (ax.barh if by == "province" else ax.bar)
        for shift, flag, colour, label in ((-height / 2, False, "#1f77b4", "results"),
                                           (height / 2, True, "#ff7f0e", "targets / plans")):
            bars([p + shift for p in pos], wide[flag] / scale, height, color=colour, label=label)
        if by == "province":
            ax.set_yticks(pos, labels)
            ax.set_xlabel(f"{currency} {name}".strip())
        else:
            ax.set_xticks(pos, labels)
            ax.set_ylabel(f"{currency} {name}".strip())
            ax.set_xlabel("year the period ends")
        ax.set_title(f"Money by {by} ({currency})")
        ax.legend(loc="best", fontsize="small")
    return fig


def _scale(top: float) -> tuple[float, str]:
    for factor, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if top >= factor:
            return factor, name
    return 1.0, ""


def save_charts(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write ``money_by_province.png`` and ``money_by_year.png`` to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for by in ("province", "year"):
        path = out / f"money_by_{by}.png"
        money_chart(tables, by).savefig(path, dpi=120)
        paths.append(path)
    return paths
