"""Durable file operations shared by staging and commit: fsync, whole-or-absent JSON, removal."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

_log = logging.getLogger(__package__)  # "venextract.writers", shared by its modules


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # not possible on every platform; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, data: Any) -> None:
    """Write JSON under a temporary name, then rename: whole or absent."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _rmtree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _rmtree_quiet(path: Path) -> None:
    try:
        _rmtree(path)
    except OSError as exc:
        _log.warning("could not remove %s: %s", path, _reason(exc))
