"""Which statements belong to which corpus: two small tables beside the store's own, in the same SQLite file.

``corpora`` has one row per corpus (its source, configuration hash and last job summary);
``corpus_members`` one row per (corpus, statement). Both are written only by the corpus driver, with
``INSERT OR IGNORE``/``REPLACE``, so loading a batch twice changes nothing. Deleting a statement from the
store leaves a dangling member row; every query joins ``statements``, so it is simply not counted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from statement_lens.store.database import Store

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS corpora (corpus TEXT PRIMARY KEY, source TEXT, config_hash TEXT, "
    "targets TEXT, job_dir TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, summary_json TEXT)",
    "CREATE TABLE IF NOT EXISTS corpus_members (corpus TEXT NOT NULL, statement_id TEXT NOT NULL, "
    "item_key TEXT NOT NULL, PRIMARY KEY (corpus, statement_id))",
    "CREATE INDEX IF NOT EXISTS corpus_members_sid ON corpus_members(statement_id)",
)


@contextmanager
def _tx(store: Store) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(store.path, timeout=30, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()


def ensure_schema(store: Store) -> None:
    """Create the corpus tables if they are missing."""
    with _tx(store) as con:
        for ddl in _SCHEMA:
            con.execute(ddl)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def register_corpus(store: Store, corpus: str, *, source: str, config_hash: str, targets: Iterable[str],
                    job_dir: str) -> None:  # fmt: skip
    """Create or update the corpus row (the latest job's configuration wins)."""
    ensure_schema(store)
    now = _now()
    with _tx(store) as con:
        con.execute(
            "INSERT INTO corpora (corpus, source, config_hash, targets, job_dir, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(corpus) DO UPDATE SET source=excluded.source, "
            "config_hash=excluded.config_hash, targets=excluded.targets, job_dir=excluded.job_dir, "
            "updated_at=excluded.updated_at",
            (corpus, source, config_hash, json.dumps(list(targets)), job_dir, now, now),
        )


def add_members(store: Store, corpus: str, members: Iterable[tuple[str, str]]) -> None:
    """Add ``(statement_id, item_key)`` pairs to a corpus (already-present pairs are ignored)."""
    rows = [(corpus, sid, key) for sid, key in members]
    if not rows:
        return
    with _tx(store) as con:
        con.executemany("INSERT OR IGNORE INTO corpus_members VALUES (?,?,?)", rows)


def save_summary(store: Store, corpus: str, summary: dict[str, Any]) -> None:
    """Keep the last job summary with the corpus (shown on the Corpus page)."""
    with _tx(store) as con:
        con.execute(
            "UPDATE corpora SET summary_json=?, updated_at=? WHERE corpus=?",
            (json.dumps(summary, ensure_ascii=False), _now(), corpus),
        )
