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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def extract(paths: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], workers: int | None,
            patterns: Path | None, resume: bool, base: str | None, quiet: bool) -> None:
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
                      resume=resume, progress=progress)
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


if __name__ == "__main__":  # pragma: no cover
    main()
