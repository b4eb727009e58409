"""Metadata of corpus files found without flags: file names, and a metadata table beside the files.

- File names: an ISO date anywhere (``speech_2024-03-07.txt``), else a year at the start or the end of
  the name (``2024-Biden-1.txt``, ``USA_79_2024.txt``) gives the date; the other capitalised words of
  such a name give the speaker (``Biden``, ``USA``). A name's date and speaker are guesses: a date line
  in the text itself (found by ingest) wins over a bare year from the name (:func:`fill_missing`). The
  Library's single-file upload applies the same guesses (:func:`with_file_name`).
- ``metadata.csv`` / ``metadata.tsv`` / ``metadata.jsonl`` in the folder of the files (or a folder above
  them, up to the corpus root) is read automatically: one row per file, keyed by a ``file`` column (or
  ``filename``, ``fileid``, ``path``, ``id``) holding the file's name, its name without extension, or its
  path relative to the table; ``date``, ``speaker``, ``source`` and ``title`` columns fill those fields
  and win over everything else. The State of the Union table's ``president_full`` / ``president`` and a
  ``year`` column are read as speaker and date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

from statement_lens.errors import InputError
from statement_lens.types import Statement

SIDECAR_NAMES = ("metadata.csv", "metadata.tsv", "metadata.jsonl")
KEY_COLUMNS = ("file", "filename", "file_name", "fileid", "file_id", "path", "id")
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "year"),
    "speaker": ("speaker", "president_full", "president", "author"),
    "source": ("source",),
    "title": ("title",),
}
_ISO = re.compile(r"(?<!\d)((?:1[89]|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_YEAR = re.compile(r"^(?:1[89]|20)\d{2}$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’.]*$")


def from_file_name(name: str) -> dict[str, str]:
    """Date and speaker guessed from a file name (see the module docstring); empty when none fits.

    >>> from_file_name("2024-Biden-1.txt")
    {'date': '2024', 'speaker': 'Biden'}
    >>> from_file_name("USA_79_2024.txt")
    {'date': '2024', 'speaker': 'USA'}
    >>> from_file_name("press_release_2023-11-02.pdf")
    {'date': '2023-11-02'}
    """
    stem = Path(name).name.rsplit(".", 1)[0] if "." in Path(name).name else Path(name).name
    out: dict[str, str] = {}
    iso = _ISO.search(stem)
    if iso and _valid(iso.group(0)):
        out["date"] = iso.group(0)
        stem = stem.replace(iso.group(0), " ")
    tokens = [t for t in re.split(r"[-_\s.]+", stem) if t]
    years = [i for i, t in enumerate(tokens) if _YEAR.match(t)]
    if "date" not in out and years and (years[0] == 0 or years[-1] == len(tokens) - 1):
        out["date"] = tokens[years[0] if years[0] == 0 else years[-1]]
    words = [t for t in tokens if not t.isdigit()]
    if "date" in out and 1 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words):
        out["speaker"] = " ".join(words)
    return out


def fill_missing(statement: Statement, *, date: str | None = None, speaker: str | None = None) -> Statement:
    """``statement`` with ``date`` / ``speaker`` filled in where its text (or a table) gave none."""
    if (date and not statement.date) or (speaker and not statement.speaker):
        return replace(statement, date=statement.date or date, speaker=statement.speaker or speaker)
    return statement


def with_file_name(statement: Statement, name: str | None) -> Statement:
    """``statement`` with the date and speaker guessed from its file ``name`` where its text gave none.

    The same guesses as a corpus folder's files (:func:`from_file_name`), so ``2024-Biden-1.txt``
    uploaded alone is dated 2024 and attributed to Biden unless a date line or byline says otherwise.
    """
    return fill_missing(statement, **from_file_name(name)) if name else statement


def _valid(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def is_sidecar(path: Path) -> bool:
    """True for a metadata table that describes the files beside it (never analysed itself)."""
    return path.name.lower() in SIDECAR_NAMES


class Sidecars:
    """The metadata tables of a folder tree, read once each, looked up per file."""

    def __init__(self, root: Path) -> None:
        """Look for tables in ``root`` and the folders below it that hold files (lazily)."""
        self.root = root.resolve()
        self._tables: dict[Path, dict[str, dict[str, str]]] = {}

    def lookup(self, path: Path) -> dict[str, str]:
        """Metadata of ``path`` from the nearest table that names it (empty when none does)."""
        path = path.resolve()
        folder = path.parent
        while True:
            table = self._table(folder)
            rel = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
            for key in (rel, path.name, path.stem):
                if key in table:
                    return table[key]
            if folder == self.root or folder.parent == folder or not folder.is_relative_to(self.root):
                return {}
            folder = folder.parent

    def _table(self, folder: Path) -> dict[str, dict[str, str]]:
        if folder not in self._tables:
            self._tables[folder] = {}
            for name in SIDECAR_NAMES:
                if (folder / name).is_file():
                    self._tables[folder] = read_sidecar(folder / name)
                    break
        return self._tables[folder]


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a metadata table keyed by their file column (see the module docstring).

    Raises:
        InputError: the table cannot be read or has no file column.
    """
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the metadata table {path}: {exc}. Save it as UTF-8.") from exc
    if path.suffix.lower() == ".jsonl":
        rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        rows = list(csv.DictReader(raw.splitlines(), delimiter=delimiter))
    rows = [{str(k).strip().lower(): v for k, v in row.items() if k is not None} for row in rows]
    key_col = next((c for c in KEY_COLUMNS if rows and c in rows[0]), None)
    if key_col is None:
        raise InputError(
            f"The metadata table {path} has no file column. Name one of {', '.join(KEY_COLUMNS)} "
            "with each file's name, and add date, speaker, source or title columns."
        )
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        key = str(row.get(key_col) or "").strip()
        if not key:
            continue
        fields = {}
        for field, columns in FIELD_COLUMNS.items():
            value = next((str(row[c]).strip() for c in columns if str(row.get(c) or "").strip()), None)
            if value:
                fields[field] = value
        table[key] = fields
    return table
