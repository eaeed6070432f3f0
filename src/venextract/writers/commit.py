"""Moving assembled files into the output folder: the commit plan and the run manifest."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ..errors import VenextractError, message
from .files import _fsync_dir, _reason
from .formats import DUCKDB_NAME, FORMATS, output_files

STAGING = ".venextract"
RUN_MANIFEST = "venextract-run.json"

_log = logging.getLogger(__package__)  # "venextract.writers", shared by its modules

_OWN_NAMES = frozenset(n for fmt in FORMATS for n in output_files(fmt)) | {RUN_MANIFEST}


def _finish_commit(out_dir: Path) -> None:
    """Carry out a commit plan left by a run that stopped while moving its tables into place."""
    staging = out_dir / STAGING
    plan_path = staging / "commit.json"
    if not plan_path.exists():
        return
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    ready = staging / "ready"
    for src, dst in plan.get("replace", []):
        if dst not in _OWN_NAMES or Path(src).name != src:
            continue
        target = out_dir / dst
        try:
            if (ready / src).exists():
                if dst == DUCKDB_NAME:  # a log left by the old database must not be replayed into the new one
                    (out_dir / f"{DUCKDB_NAME}.wal").unlink(missing_ok=True)
                os.replace(ready / src, target)
        except OSError as exc:
            raise VenextractError(message("replace_failed", path=target, reason=_reason(exc), folder=out_dir)) from exc
    for dst in plan.get("remove", []):
        if dst in _OWN_NAMES:
            try:
                (out_dir / dst).unlink(missing_ok=True)
            except OSError as exc:
                _log.warning("could not remove the old %s: %s", out_dir / dst, _reason(exc))
    _fsync_dir(out_dir)
    plan_path.unlink()


def _previous_files(out_dir: Path) -> set[str]:
    """The files an earlier run listed in its manifest (only names venextract writes)."""
    try:
        data = json.loads((out_dir / RUN_MANIFEST).read_text(encoding="utf-8"))
        return {n for n in data.get("files", []) if n in _OWN_NAMES}
    except (OSError, ValueError, AttributeError, TypeError):
        return set()
