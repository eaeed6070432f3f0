"""Write the four tables: stage rows while a run streams, then assemble the final files atomically.

A run may cover 100,000 documents, so rows are never all held at once. :class:`RunWriter`
buffers at most ``batch_docs`` documents, then stages them as one *part*: a folder
``out_dir/.venextract/parts/part-NNNNNN/`` holding ``<table>.parquet`` (typed per
:mod:`venextract.schema`) and ``part.json`` (the documents' content hashes). A part is
written under a ``.tmp`` name and renamed, so it is whole or absent; ``--resume`` skips
the documents whose hashes are staged.

:meth:`RunWriter.close` streams the parts into one Parquet file per table, derives every
requested format from it, and only when all are complete moves them into ``out_dir``,
following a commit plan (``.venextract/commit.json``) that the next run finishes if this
one dies half-way. ``venextract-run.json`` lists the files venextract wrote, so a later
run replaces or removes only its own files. The staging folder goes once a run is
complete (a later ``--resume`` then has nothing to skip). Error rows repeated word for
word (a resumed run re-reports an input that failed) are written once.

Format notes: CSV is UTF-8 without a byte order mark, with CRLF line ends (RFC 4180).
CSV and xlsx cannot tell an empty string from null (both read back as null); xlsx keeps
16 significant digits of a float, cuts text at Excel's 32,767 characters and drops
control characters Excel cannot store (each said in :attr:`RunWriter.notices`). NaN and
infinite floats are stored as null everywhere.
DataFrames use pandas nullable dtypes (``string``, ``Int64``, ``Float64``, ``boolean``) and
keep dates as ``datetime.date`` objects (``None`` for null): a day, not an instant, and
any year (``pd.to_datetime`` turns a column into ``datetime64`` when needed).
"""

from __future__ import annotations

from .commit import RUN_MANIFEST as RUN_MANIFEST
from .commit import STAGING as STAGING
from .formats import DUCKDB_MEMORY as DUCKDB_MEMORY
from .formats import DUCKDB_NAME as DUCKDB_NAME
from .formats import FORMATS, output_files
from .formats import XLSX_MAX_CHARS as XLSX_MAX_CHARS
from .formats import XLSX_MAX_ROWS as XLSX_MAX_ROWS
from .formats import XLSX_NAME as XLSX_NAME
from .reading import read_table, read_tables
from .rows import arrow_schema, to_arrow_table, to_dataframe
from .run import FLUSH_ROWS as FLUSH_ROWS
from .run import ROW_GROUP as ROW_GROUP
from .run import RunWriter

__all__ = [
    "FORMATS",
    "RunWriter",
    "arrow_schema",
    "output_files",
    "read_table",
    "read_tables",
    "to_arrow_table",
    "to_dataframe",
]
