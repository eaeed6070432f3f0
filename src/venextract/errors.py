"""Every message venextract shows a user, in one table (standard library only)."""
from __future__ import annotations


class VenextractError(Exception):
    """Base class: something venextract cannot do, with a message for a person."""


class PatternError(VenextractError):
    """A file in the patterns folder is missing or malformed."""


class ReadError(VenextractError):
    """A document could not be read; ``stage`` says where it failed."""

    def __init__(self, message: str, stage: str = "read") -> None:
        super().__init__(message)
        self.stage = stage


MESSAGES: dict[str, str] = {
    "no_such_path": "no such file or folder: {path}",
    "no_inputs": "no readable documents found in {paths}",
    "not_writable": "cannot write to the output folder {path}: {reason}",
    "empty": "{path}: the file is empty (nothing to extract)",
    "blank": "{path}: the file holds only white space (nothing to extract)",
    "binary": "{path}: looks like binary data, not text; check that it is an article",
    "unsupported": "{path}: unsupported file type {suffix!r}; use .txt, .md, .html, .pdf, .jsonl or .csv",
    "pdf_broken": "{path}: the PDF cannot be opened ({reason}); it may be truncated or corrupt",
    "pdf_encrypted": "{path}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)",
    "pdf_no_text": "{path}: the PDF has no text layer (a scan?); it needs OCR first (e.g. ocrmypdf)",
    "pdf_no_pages": "{path}: the PDF has no pages",
    "html_no_text": "{path}: no article text found in the HTML",
    "html_broken": "{path}: the HTML cannot be parsed ({reason}); check that it is a web page",
    "batch_no_text_column": "{path}: no text column; name one of {columns} (or pass text_column)",
    "batch_bad_line": "{path}:{line}: not valid JSON ({reason}); the line was skipped",
    "batch_bad_row": "{path}:{line}: the row has no text; it was skipped",
    "batch_bad_csv": "{path}:{line}: the CSV cannot be parsed from here on ({reason}); the rows before it were read",
    "batch_empty": "{path}: no rows to read (only a header or blank lines)",
    "unreadable": "{path}: cannot be read ({reason}); check its permissions",
    "read_failed": "{path}: reading failed ({reason}); please report this with the file",
    "duplicate_id": "{path}: doc_id {doc_id!r} is already used by {other}; renamed to {new_id!r}",
    "too_large": "{path}: {size} bytes is more than the limit of {limit} bytes; raise --max-bytes to read it",
    "symlink_loop": "{path}: a symbolic link loop; skipped",
    "extract_failed": "{path}: extraction failed ({reason}); please report this with the file",
    "interrupted": "interrupted: {done} documents written; run again with --resume to continue",
    "bad_format": "unknown output format {format!r}; choose from {choices}",
    "busy": "{path} is in use by another venextract run; wait for it to finish or choose another output folder",
    "replace_failed": "cannot replace {path}: {reason}; close any program that has it open (Excel?) "
    "and run venextract again into {folder} to finish",
    "no_table": "{path}: no {name} table (looked for {names})",
    "xlsx_split": "venextract.xlsx: {table} has {rows} rows, more than the {limit} an Excel sheet holds; "
    "continued on sheets {sheets}",
    "xlsx_long": "venextract.xlsx: {count} text cells in {table} were cut to Excel's limit of {limit} characters; "
    "the other formats hold them whole",
    "xlsx_control": "venextract.xlsx: control characters Excel cannot store were removed from {count} text cells "
    "in {table}; the other formats hold them",
}


def message(key: str, **fields: object) -> str:
    """The user-facing text for ``key`` with ``fields`` filled in."""
    return MESSAGES[key].format(**fields)
