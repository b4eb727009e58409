"""Corpus sources: a folder or glob of files, or a CSV/JSONL table with a ``text`` column.

Files get their metadata without flags (:mod:`statement_lens.corpus.metadata`): a ``metadata.csv`` /
``.jsonl`` beside them, then the optional ``--path-meta`` expression, then guesses from the file name
(used only where the text itself gives none).

Listing a source is cheap and happens on the driver; reading each item into a :class:`Statement` happens
where the item is analysed (in-process or in a Ray worker), so one unreadable file fails alone.
"""

from __future__ import annotations

import csv
import glob
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from statement_lens.corpus.metadata import Sidecars, fill_missing, from_file_name, is_sidecar
from statement_lens.errors import InputError
from statement_lens.types import Statement

TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
META_FIELDS = ("title", "date", "speaker", "source")
_PATH_META_GROUPS = ("date", "speaker", "source")
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class SourceItem:
    """One statement to analyse: a file to ingest, or a text from a table row, with optional metadata."""

    key: str
    path: str | None = None
    text: str | None = None
    title: str | None = None
    date: str | None = None
    speaker: str | None = None
    source: str | None = None
    problem: str | None = None  # the row could not be read (recorded as failed, never raised)
    name_date: str | None = None  # guessed from the file name: used when the text gives no date
    name_speaker: str | None = None  # guessed from the file name: used when the text gives no speaker

    def to_row(self) -> dict[str, Any]:
        """Plain dict (one row of the Ray dataset)."""
        return {f: getattr(self, f) for f in self.__dataclass_fields__}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SourceItem:
        """Inverse of :meth:`to_row` (missing values, NaN included, become None)."""
        values = {k: _clean(row.get(k)) for k in cls.__dataclass_fields__}
        key = values.pop("key") or ""
        return cls(key=key, **values)


def _clean(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text if text.strip() else None


def list_items(source: str | Path, *, path_meta: str | None = None) -> list[SourceItem]:
    r"""List the items of a source: a folder (every file below it), a glob, a file, or a CSV/JSONL table.

    Args:
        source: folder, glob pattern (``speeches/*/*.txt``), file, or ``.csv``/``.tsv``/``.jsonl`` table whose
            rows have a ``text`` column and optional ``title``, ``date``, ``speaker``, ``source`` columns.
        path_meta: optional regular expression searched in each file path; its named groups ``date``,
            ``speaker`` and ``source`` fill those fields, e.g. ``(?P<speaker>[A-Z]{3})_\d+_(?P<date>\d{4})``.

    Raises:
        InputError: the source does not exist, matches no file, or a table lacks a ``text`` column.
    """
    src = str(source)
    pattern = _compile_path_meta(path_meta)
    path = Path(src)
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        return _table_items(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
    elif path.is_file():
        files = [path]
    elif _GLOB_CHARS.search(src):
        files = sorted(Path(p) for p in glob.glob(src, recursive=True) if Path(p).is_file())
    else:
        raise InputError(
            f"Corpus source {src!r} does not exist. Give a folder, a glob such as 'speeches/*.txt' (quoted), "
            "or a .csv/.jsonl file with a 'text' column."
        )
    files = [p for p in files if not is_sidecar(p)]
    if not files:
        raise InputError(f"Corpus source {src!r} matches no file. Check the path or the glob pattern.")
    sidecars = Sidecars(path if path.is_dir() else Path(files[0]).parent)
    return [_file_item(p, pattern, sidecars) for p in files]


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _compile_path_meta(path_meta: str | None) -> re.Pattern[str] | None:
    if not path_meta:
        return None
    try:
        pattern = re.compile(path_meta)
    except re.error as exc:
        raise InputError(f"--path-meta {path_meta!r} is not a valid regular expression: {exc}.") from exc
    unknown = sorted(set(pattern.groupindex) - set(_PATH_META_GROUPS))
    if unknown or not pattern.groupindex:
        raise InputError(
            f"--path-meta needs named groups among {list(_PATH_META_GROUPS)}; "
            f"got {sorted(pattern.groupindex)}. "
            "Example: '(?P<speaker>[A-Z]{3})_\\d+_(?P<date>\\d{4})'."
        )
    return pattern


def _file_item(path: Path, pattern: re.Pattern[str] | None, sidecars: Sidecars) -> SourceItem:
    meta: dict[str, str | None] = {}
    if pattern is not None:
        m = pattern.search(path.as_posix())
        if m:
            meta = {k: v for k, v in m.groupdict().items() if v}
    meta.update(sidecars.lookup(path))
    guessed = from_file_name(path.name)
    return SourceItem(
        key=path.as_posix(),
        path=str(path.resolve()),
        name_date=guessed.get("date"),
        name_speaker=guessed.get("speaker"),
        **meta,
    )


def _table_items(path: Path) -> list[SourceItem]:
    kind = TABLE_SUFFIXES[path.suffix.lower()]
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the corpus table {path}: {exc}. Save it as UTF-8.") from exc
    rows = _jsonl_rows(raw) if kind == "jsonl" else _csv_rows(raw, delimiter="\t" if kind == "tsv" else ",")
    items: list[SourceItem] = []
    saw_text = False
    for i, (row, problem) in enumerate(rows):
        key = f"{path.as_posix()}#{i + 1}"
        if problem is not None:
            items.append(SourceItem(key=key, problem=problem))
            continue
        saw_text = saw_text or "text" in row
        text = _clean(row.get("text"))
        meta = {f: _clean(row.get(f)) for f in META_FIELDS}
        missing = None if text else "the row has no text (column 'text' is empty or missing)"
        items.append(SourceItem(key=key, text=text, problem=missing, **meta))
    if items and not saw_text:
        raise InputError(
            f"The corpus table {path} has no 'text' column. Expected columns: text and optionally "
            f"{', '.join(META_FIELDS)}."
        )
    if not items:
        raise InputError(f"The corpus table {path} has no rows.")
    return items


def _csv_rows(raw: str, *, delimiter: str) -> Iterable[tuple[dict[str, Any], str | None]]:
    reader = csv.DictReader(raw.splitlines(keepends=True), delimiter=delimiter)
    try:
        for row in reader:
            yield {str(k).strip().lower(): v for k, v in row.items() if k is not None}, None
    except csv.Error as exc:
        raise InputError(f"The CSV is malformed near line {reader.line_num}: {exc}.") from exc


def _jsonl_rows(raw: str) -> Iterable[tuple[dict[str, Any], str | None]]:
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {}, f"line {n} is not valid JSON ({exc.msg})"
            continue
        if not isinstance(obj, dict):
            yield {}, f"line {n} is a JSON {type(obj).__name__}, expected an object with a 'text' field"
            continue
        yield {str(k).lower(): v for k, v in obj.items()}, None


def load_item(item: SourceItem) -> Statement:
    """Read one item into a :class:`Statement` (the same ingest the CLI and dashboard use).

    Raises:
        InputError: the item could not be read (its reason becomes the failure reason of the item).
    """
    from statement_lens.ingest import load_statement, statement_from_text

    if item.problem:
        raise InputError(item.problem)
    if item.text is not None:
        return statement_from_text(
            item.text, item.title, source=item.source, date=item.date, speaker=item.speaker, origin=item.key
        )
    if item.path is None:
        raise InputError(f"Item {item.key} has neither a file nor a text.")
    statement = load_statement(item.path)
    meta = {f: getattr(item, f) for f in ("date", "speaker", "source") if getattr(item, f)}
    statement = replace(statement, **meta) if meta else statement
    return fill_missing(statement, date=item.name_date, speaker=item.name_speaker)


def item_metadata(item: SourceItem, statement: Statement) -> dict[str, str]:
    """What the store should show for an item's statement: its metadata, with a table's title on top.

    A title from a metadata table is shown but never changes the statement itself (its id hashes the
    title found in the text), so adding a table later updates the listing without a new analysis.
    """
    meta = {f: getattr(statement, f) for f in ("date", "speaker", "source") if getattr(statement, f)}
    title = item.title if item.path is not None else None
    if title or statement.title:
        meta["title"] = title or statement.title or ""
    return meta
