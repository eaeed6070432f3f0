"""The command line: a thin layer over :mod:`venextract.api`."""
from __future__ import annotations

import glob
import signal
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import VenextractError, message

FORMATS = ("csv", "parquet", "jsonl", "xlsx", "duckdb")


def _formats(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for item in value or ("csv",):
        for name in item.split(","):
            name = name.strip().lower()
            if name not in FORMATS:
                raise click.BadParameter(f"{name!r} is not one of {', '.join(FORMATS)}")
            if name not in out:
                out.append(name)
    return tuple(out)


class _Terminated(Exception):
    """SIGTERM, turned into an exception so the run can stop cleanly."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="venextract")
def main() -> None:
    """Extract provinces, periods, money, counts, percentages and targets from
    economic news about Vietnam's provinces into tables."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="Folder for the tables (created if needed).")
@click.option("-f", "--format", "formats", multiple=True, callback=_formats,
              help="Output format: csv, parquet, jsonl, xlsx or duckdb; repeat or comma-separate for several "
                   "[default: csv].")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the machine's cores].")
@click.option("--patterns", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of edited pattern files to use instead of the packaged ones.")
@click.option("--resume", is_flag=True, help="Skip documents an interrupted run into the same folder already wrote.")
@click.option("--base", default=None, help="An installed trained spaCy English pipeline to build on (optional).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest single document to read, in bytes [default: 200 MB].")
@click.option("--text-column", default=None, help="The text column of .jsonl/.csv batch files, if not a usual name.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def extract(paths: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], workers: int | None,
            patterns: Path | None, resume: bool, base: str | None, max_bytes: int | None, text_column: str | None,
            quiet: bool) -> None:
    """Extract from PATHS (files, folders, globs; .txt .md .html .pdf .jsonl .csv) into tables.

    Writes documents, mentions, facts and errors tables to OUTPUT.  Documents
    that cannot be read are listed in the errors table; the run goes on.
    """
    from tqdm import tqdm

    from .api import run

    if not any(Path(p).exists() or glob.glob(p, recursive=True) for p in paths):
        raise click.ClickException(message("no_such_path", path=", ".join(paths)))
    bar = tqdm(desc="documents", unit="doc", disable=quiet or None, dynamic_ncols=True, file=sys.stderr)

    def progress(outcome: Any) -> None:
        bar.update(1)

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        summary = run(paths, out_dir, formats=formats, workers=workers, patterns=patterns, base=base,
                      resume=resume, progress=progress, max_bytes=max_bytes, text_column=text_column)
    except VenextractError as exc:
        bar.close()
        raise click.ClickException(str(exc)) from None
    except (KeyboardInterrupt, _Terminated):
        bar.close()
        click.echo(message("interrupted", done=bar.n), err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)
    bar.close()
    if not quiet:
        labels = ", ".join(f"{label} {n}" for label, n in sorted(summary.mentions.items())) or "none"
        click.echo(f"documents read: {summary.documents}" + (f" (skipped, already done: {summary.skipped})"
                                                            if summary.skipped else ""), err=True)
        click.echo(f"mentions: {labels}", err=True)
        click.echo(f"errors: {summary.errors}" + (f" (see {out_dir / 'errors'}.*)" if summary.errors else ""),
                   err=True)
        click.echo(f"tables written to {out_dir}/ as {', '.join(formats)}", err=True)


# ---------------------------------------------------------------- evaluate, summarize, show


@main.command()
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Gold annotations (JSON Lines, one object per document).")
@click.option("--docs", "docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder of the documents the gold file describes.")
@click.option("--run", "run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder with the run's documents and mentions tables.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--detail", is_flag=True, help="List every miss and extra, per document.")
def evaluate(gold: Path, docs_dir: Path, run_dir: Path, as_json: bool, detail: bool) -> None:
    """Score a run against gold annotations: precision, recall and F1 per figure type.

    Strict scores need the normalised value to match; detection scores need the
    span to overlap the gold text.  With --json and --detail the JSON gains a
    "detail" list.
    """
    import json

    from .evaluation import report, score

    try:
        result = score(gold, docs_dir, run_dir)
    except VenextractError as exc:
        raise click.ClickException(str(exc)) from None
    lines = result.pop("detail")
    if as_json:
        if detail:
            result["detail"] = lines
        click.echo(json.dumps(result, indent=1))
    else:
        click.echo(report(result | {"detail": lines}, detail=detail))


@main.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the summary [default: RUN_DIR/summary].")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help="One CSV per table, or one workbook.")
@click.option("--charts/--no-charts", default=None,
              help="Draw money by province and by year as PNG (needs matplotlib) [default: when installed].")
def summarize(run_dir: Path, out_dir: Path | None, fmt: str, charts: bool | None) -> None:
    """Summarise a run's facts by province, period and target flag.

    Money is summed per currency, counts per unit; percentages are listed;
    targets are kept apart from results.
    """
    from . import summary

    out_dir = out_dir or run_dir / "summary"
    try:
        tables = summary.summarize(run_dir)
        written = summary.write(tables, out_dir, fmt)
        if charts is None:
            try:
                written += summary.save_charts(tables, out_dir)
            except summary.MissingDependency as exc:
                click.echo(f"no charts: {exc}", err=True)
        elif charts:
            written += summary.save_charts(tables, out_dir)
    except VenextractError as exc:
        raise click.ClickException(str(exc)) from None
    overview = tables["overview"]
    click.echo(f"{len(overview)} province/period rows from {int(overview['facts'].sum()) if len(overview) else 0} "
               f"facts", err=True)
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("path")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write [default: standard output].")
@click.option("--doc-id", "doc_ids", multiple=True, help="Show only this document (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many documents.")
@click.option("--patterns", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of edited pattern files to use instead of the packaged ones.")
def show(path: str, out: Path | None, doc_ids: tuple[str, ...], limit: int | None, patterns: Path | None) -> None:
    """Write PATH's documents as HTML with every mention highlighted and its value shown.

    PATH is a file (.txt .md .html .pdf, or a .jsonl/.csv batch) or a folder.
    """
    from . import engine, readers
    from .api import load
    from .types import ErrorRecord
    from .visualize import render

    source = Path(path)
    if not source.exists() and not glob.glob(path, recursive=True):
        raise click.ClickException(message("no_such_path", path=path))
    items = readers.read_path(source) if source.is_file() else readers.read_documents([path])
    try:
        nlp = load(patterns)
    except VenextractError as exc:
        raise click.ClickException(str(exc)) from None
    docs = []
    for item in items:
        if isinstance(item, ErrorRecord):
            click.echo(item.message, err=True)
        elif not doc_ids or item.doc_id in doc_ids:
            docs.append(nlp(engine.to_doc(nlp, item)))
            if limit and len(docs) >= limit:
                break
    if not docs:
        raise click.ClickException(f"no documents to show in {path}"
                                   + (f" with doc_id {', '.join(doc_ids)}" if doc_ids else ""))
    html = render(docs)
    if out is None:
        click.echo(html, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        click.echo(f"{len(docs)} document(s) written to {out}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
