"""Columnar results of a corpus job: one folder of Parquet files per committed batch.

Layout under a job folder::

    parts/<batch_id>/statements.parquet   one row per analysed statement (with the analysis JSON)
    parts/<batch_id>/quotes.parquet       one row per quotation
    parts/<batch_id>/stance.parquet       one row per unit x target
    parts/<batch_id>/topics.parquet       one row per statement x topic
    parts/<batch_id>/failures.parquet     one row per item that failed, with its reason

A batch is written into ``parts/.<batch_id>.tmp`` and renamed into place: the rename is atomic, so a
batch is either entirely there or absent, whenever the job is killed. Every file of a table has the same
schema, so ``duckdb`` (``read_parquet('parts/*/stance.parquet')``) or pyarrow read them as one table.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from statement_lens.pipeline.analysis import Analysis
from statement_lens.pipeline.schema import QUOTE_COLUMNS, STANCE_COLUMNS, TOPIC_COLUMNS

PARTS = "parts"
_KEY = [("statement_id", pa.string()), ("config_hash", pa.string())]
SCHEMAS: dict[str, pa.Schema] = {
    "statements": pa.schema(
        [
            *_KEY,
            ("corpus", pa.string()),
            ("item_key", pa.string()),
            ("title", pa.string()),
            ("date", pa.string()),
            ("speaker", pa.string()),
            ("source", pa.string()),
            ("origin", pa.string()),
            ("n_words", pa.int64()),
            ("n_quotes", pa.int64()),
            ("n_units", pa.int64()),
            ("targets", pa.list_(pa.string())),
            ("seconds", pa.float64()),
            ("cpu_seconds", pa.float64()),
            ("worker", pa.string()),
            ("analysis_json", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            *_KEY,
            ("quote_id", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("speaker", pa.string()),
            ("speaker_start", pa.int64()),
            ("speaker_end", pa.int64()),
            ("cue", pa.string()),
            ("kind", pa.string()),
            ("confidence", pa.float64()),
            ("flags", pa.string()),
            ("topic", pa.string()),
            ("topic_score", pa.float64()),
            ("speaker_confidence", pa.float64()),
            ("needs_review", pa.bool_()),
        ]
    ),
    "stance": pa.schema(
        [
            *_KEY,
            ("unit_id", pa.string()),
            ("unit_text", pa.string()),
            ("speaker", pa.string()),
            ("target", pa.string()),
            ("label", pa.string()),
            ("p_favor", pa.float64()),
            ("p_against", pa.float64()),
            ("p_none", pa.float64()),
            ("confidence", pa.float64()),
            ("needs_review", pa.bool_()),
            ("evidence_start", pa.int64()),
            ("evidence_end", pa.int64()),
            ("mentions", pa.string()),
            ("basis", pa.string()),
        ]
    ),
    "topics": pa.schema(
        [
            *_KEY,
            ("topic", pa.string()),
            ("code", pa.int64()),
            ("share_words", pa.float64()),
            ("share_sentences", pa.float64()),
            ("n_sentences", pa.int64()),
            ("n_words", pa.int64()),
        ]
    ),
    "failures": pa.schema(
        [
            ("item_key", pa.string()),
            ("statement_id", pa.string()),
            ("stage", pa.string()),
            ("reason", pa.string()),
        ]
    ),
}
_FRAME_COLUMNS = {"quotes": QUOTE_COLUMNS, "stance": STANCE_COLUMNS, "topics": TOPIC_COLUMNS}


def batch_id(keys: Sequence[str]) -> str:
    """A stable id for a batch: the hash of its item keys (a retried batch overwrites nothing else)."""
    h = hashlib.sha256("\n".join(sorted(keys)).encode("utf-8")).hexdigest()
    return h[:24]


def tidy_tables(
    analyses: Sequence[tuple[Analysis, dict[str, Any]]], failures: Sequence[dict[str, Any]], corpus: str
) -> dict[str, pa.Table]:
    """Build the five tables of one batch from ``(analysis, result)`` pairs and failed results."""
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in _FRAME_COLUMNS}
    statements = []
    for a, res in analyses:
        sid, ch = res["statement_id"], a.config_hash
        st = a.statement
        statements.append(
            {
                "statement_id": sid,
                "config_hash": ch,
                "corpus": corpus,
                "item_key": res["key"],
                "title": st.title,
                "date": st.date,
                "speaker": st.speaker,
                "source": st.source,
                "origin": st.origin,
                "n_words": len(st.text.split()),
                "n_quotes": len(a.quotes),
                "n_units": len(a.units),
                "targets": list(a.targets),
                "seconds": res.get("seconds"),
                "cpu_seconds": res.get("cpu_seconds"),
                "worker": res.get("worker"),
                "analysis_json": res["analysis_json"],
            }
        )
        for name, cols in _FRAME_COLUMNS.items():
            df = getattr(a, name).reindex(columns=cols)
            if len(df):
                frames[name].append(df.assign(statement_id=sid, config_hash=ch))
    tables = {"statements": _table(pd.DataFrame(statements), "statements")}
    for name in _FRAME_COLUMNS:
        df = pd.concat(frames[name], ignore_index=True) if frames[name] else pd.DataFrame()
        tables[name] = _table(df, name)
    fail_rows = [
        {
            "item_key": f["key"],
            "statement_id": f.get("statement_id"),
            "stage": f.get("stage"),
            "reason": f.get("reason"),
        }
        for f in failures
    ]
    tables["failures"] = _table(pd.DataFrame(fail_rows), "failures")
    return tables


def _table(df: pd.DataFrame, name: str) -> pa.Table:
    schema = SCHEMAS[name]
    if df.empty:
        return schema.empty_table()
    df = df.reindex(columns=schema.names)
    for field in schema:
        if pa.types.is_string(field.type) or pa.types.is_boolean(field.type):
            # missing values (a column an older analysis lacks) are nulls, not NaN
            df[field.name] = df[field.name].astype(object).where(df[field.name].notna(), None)
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def write_batch(job_dir: Path, bid: str, tables: dict[str, pa.Table]) -> Path:
    """Write one batch atomically (temporary folder, fsync, rename); return its folder."""
    parts = job_dir / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    final = parts / bid
    tmp = parts / f".{bid}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    for name, table in tables.items():
        path = tmp / f"{name}.parquet"
        pq.write_table(table, path)
        _fsync(path)
    _fsync(tmp)
    if final.exists():  # the same items were committed before (a rerun of a batch): replace it whole
        shutil.rmtree(final)
    os.replace(tmp, final)
    _fsync(parts)
    return final


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_partial(job_dir: Path) -> int:
    """Remove half-written batch folders left by a killed job; return how many."""
    parts = job_dir / PARTS
    if not parts.is_dir():
        return 0
    n = 0
    for tmp in parts.glob(".*.tmp"):
        shutil.rmtree(tmp, ignore_errors=True)
        n += 1
    return n


def committed_batches(job_dir: Path) -> list[Path]:
    """Folders of the committed batches, oldest name first."""
    parts = job_dir / PARTS
    if not parts.is_dir():
        return []
    return sorted(p for p in parts.iterdir() if p.is_dir() and not p.name.startswith("."))


def iter_statement_rows(job_dir: Path, columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Rows of every committed ``statements.parquet`` (only the given columns)."""
    for folder in committed_batches(job_dir):
        table = pq.read_table(folder / "statements.parquet", columns=list(columns))
        yield from table.to_pylist()


def read_table(job_dir: str | Path, name: str) -> pd.DataFrame:
    """One table of a job, all batches together (for analysts and tests)."""
    if name not in SCHEMAS:
        raise ValueError(f"Unknown table {name!r}; expected one of {list(SCHEMAS)}.")
    files = [f / f"{name}.parquet" for f in committed_batches(Path(job_dir))]
    if not files:
        return SCHEMAS[name].empty_table().to_pandas()
    return pa.concat_tables([pq.read_table(f) for f in files]).to_pandas()
