"""The embedded database: statements and analyses under a data directory.

Why SQLite (not DuckDB): the dashboard, the CLI and a corpus job write the same store from
different processes at once. SQLite in WAL mode allows that (one writer at a time, readers never
blocked) while DuckDB takes an exclusive file lock per writing process. SQLite opens in about a
millisecond (reopening a stored analysis must take < 50 ms), every write is one transaction that
survives SIGKILL (the WAL replays only committed transactions), and it needs no extra package.
Corpus aggregations run as SQL over the tidy ``units``, ``stance`` and ``topics`` tables, so nothing
needs to load every analysis into pandas.

Keys: a statement is keyed by the SHA-256 of its text (plus title); an analysis by
(statement_id, config_hash), so the same statement with the same models is analysed once.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from statement_lens.errors import StoreError
from statement_lens.pipeline.analysis import Analysis
from statement_lens.types import Statement

STORE_SCHEMA_VERSION = 1
DB_NAME = "statement_lens.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS statements (
    statement_id TEXT PRIMARY KEY, title TEXT, date TEXT, source TEXT, origin TEXT, speaker TEXT,
    media_type TEXT, n_words INTEGER, n_chars INTEGER, text TEXT NOT NULL, statement_json TEXT NOT NULL,
    added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (
    statement_id TEXT NOT NULL REFERENCES statements(statement_id) ON DELETE CASCADE,
    config_hash TEXT NOT NULL, created_at TEXT NOT NULL, analysis_json TEXT NOT NULL,
    PRIMARY KEY (statement_id, config_hash));
CREATE TABLE IF NOT EXISTS units (
    statement_id TEXT NOT NULL, config_hash TEXT NOT NULL, unit_id TEXT NOT NULL, unit_type TEXT,
    text TEXT, speaker TEXT, topic TEXT, topic_score REAL, start INTEGER, "end" INTEGER);
CREATE TABLE IF NOT EXISTS stance (
    statement_id TEXT NOT NULL, config_hash TEXT NOT NULL, unit_id TEXT NOT NULL, target TEXT NOT NULL,
    label TEXT, p_favor REAL, p_against REAL, p_none REAL, confidence REAL, needs_review INTEGER);
CREATE TABLE IF NOT EXISTS topics (
    statement_id TEXT NOT NULL, config_hash TEXT NOT NULL, topic TEXT NOT NULL, code INTEGER,
    share_words REAL, share_sentences REAL, n_sentences INTEGER, n_words INTEGER);
CREATE TABLE IF NOT EXISTS statement_targets (
    statement_id TEXT PRIMARY KEY REFERENCES statements(statement_id) ON DELETE CASCADE,
    targets_json TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_key ON units(statement_id, config_hash);
CREATE INDEX IF NOT EXISTS stance_key ON stance(statement_id, config_hash);
CREATE INDEX IF NOT EXISTS topics_key ON topics(statement_id, config_hash);
"""
_TIDY = {
    "units": ["unit_id", "unit_type", "text", "speaker", "topic", "topic_score", "start", "end"],
    "stance": ["unit_id", "target", "label", "p_favor", "p_against", "p_none", "confidence", "needs_review"],
    "topics": ["topic", "code", "share_words", "share_sentences", "n_sentences", "n_words"],
}


def statement_id(statement: Statement) -> str:
    """Content hash of a statement (text and title)."""
    h = hashlib.sha256()
    h.update((statement.title or "").encode("utf-8"))
    h.update(b"\x00")
    h.update(statement.text.encode("utf-8"))
    return h.hexdigest()[:20]


class Store:
    """Statements and analyses in one SQLite file under ``data_dir``; safe across threads and processes."""

    def __init__(self, data_dir: str | Path) -> None:
        """Open (or create) the store under ``data_dir``."""
        self.data_dir = Path(data_dir)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the data directory {self.data_dir}: {exc}. "
                "Choose a writable folder with STATEMENT_LENS_DATA_DIR."
            ) from exc
        self.path = self.data_dir / DB_NAME
        self._local = threading.local()
        with self._tx() as con:
            for ddl in filter(str.strip, _SCHEMA.split(";")):
                con.execute(ddl)
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(STORE_SCHEMA_VERSION),))
            elif int(row[0]) != STORE_SCHEMA_VERSION:
                raise StoreError(
                    f"The store at {self.path} has schema version {row[0]}, this version reads "
                    f"{STORE_SCHEMA_VERSION}. Point STATEMENT_LENS_DATA_DIR at a new folder or upgrade."
                )

    # -- connections ---------------------------------------------------------------------------
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot open the store {self.path}: {exc}.") from exc
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        con = self._con()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
        """Run a read-only SQL query and return a DataFrame (used for corpus aggregations)."""
        cur = self._con().execute(sql, params)
        cols = [d[0] for d in cur.description or ()]
        return pd.DataFrame(cur.fetchall(), columns=cols)

    @property
    def schema_version(self) -> int:
        """The store schema version recorded in the file."""
        row = self._con().execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0])

    # -- statements ----------------------------------------------------------------------------
    def add_statement(self, statement: Statement) -> str:
        """Store a statement (idempotent) and return its id."""
        sid = statement_id(statement)
        import json

        with self._tx() as con:
            con.execute(
                "INSERT OR IGNORE INTO statements VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sid, statement.title, statement.date, statement.source, statement.origin,
                    statement.speaker, statement.media_type, len(statement.text.split()), len(statement.text),
                    statement.text, json.dumps(statement.to_dict(), ensure_ascii=False), _now(),
                ),
            )  # fmt: skip
        return sid

    def update_metadata(self, sid: str, meta: dict[str, str]) -> bool:
        """Set the date, speaker, source and shown title of a stored statement; True when any changed.

        The date, speaker and source are also written into the stored statement; a title only into the
        listing (the statement's id hashes the title found in its text). Its analyses stay as they are.
        """
        import json

        fields = {k: v for k, v in meta.items() if k in ("date", "speaker", "source", "title") and v}
        row = (
            self._con()
            .execute(
                "SELECT title, date, speaker, source, statement_json FROM statements WHERE statement_id=?",
                (sid,),
            )
            .fetchone()
        )
        if row is None or not fields:
            return False
        current = dict(zip(("title", "date", "speaker", "source"), row[:4], strict=True))
        changed = {k: v for k, v in fields.items() if current.get(k) != v}
        if not changed:
            return False
        doc = json.loads(row[4])
        doc.update({k: v for k, v in changed.items() if k != "title"})
        sets = ", ".join(f"{k}=?" for k in changed)
        with self._tx() as con:
            con.execute(
                f"UPDATE statements SET {sets}, statement_json=? WHERE statement_id=?",
                (*changed.values(), json.dumps(doc, ensure_ascii=False), sid),
            )
        return True

    def find_same_text(self, text: str) -> tuple[str, str | None, str] | None:
        """``(statement_id, title, added_at)`` of a stored statement with exactly this text, or None."""
        row = (
            self._con()
            .execute(
                "SELECT statement_id, title, added_at FROM statements WHERE n_chars=? AND text=? "
                "ORDER BY added_at LIMIT 1",
                (len(text), text),
            )
            .fetchone()
        )
        return (str(row[0]), row[1], str(row[2])) if row else None

    def get_statement(self, sid: str) -> Statement:
        """Return a stored statement (StoreError if unknown)."""
        import json

        row = (
            self._con()
            .execute("SELECT statement_json FROM statements WHERE statement_id=?", (sid,))
            .fetchone()
        )
        if row is None:
            raise StoreError(
                f"No statement with id {sid!r} in {self.path}. List ids with `statement-lens list`."
            )
        return Statement.from_dict(json.loads(row[0]))

    def list_statements(self) -> pd.DataFrame:
        """Every stored statement with its date, length and number of analyses."""
        return self.query(
            "SELECT s.statement_id, s.title, s.date, s.source, s.origin, s.speaker, s.n_words, s.added_at, "
            "COUNT(a.config_hash) AS n_analyses, GROUP_CONCAT(a.config_hash) AS config_hashes "
            "FROM statements s LEFT JOIN analyses a USING (statement_id) "
            "GROUP BY s.statement_id ORDER BY s.added_at, s.statement_id"
        )

    def delete_statement(self, sid: str) -> None:
        """Delete a statement and all its analyses."""
        with self._tx() as con:
            for table in ("units", "stance", "topics", "analyses", "statement_targets"):
                con.execute(f"DELETE FROM {table} WHERE statement_id=?", (sid,))
            con.execute("DELETE FROM statements WHERE statement_id=?", (sid,))

    # -- targets -------------------------------------------------------------------------------
    def set_targets(self, sid: str, targets: list[str]) -> None:
        """Keep the analyst's targets of one statement (they outlive any change of settings or models)."""
        import json

        with self._tx() as con:
            con.execute(
                "INSERT OR REPLACE INTO statement_targets VALUES (?,?,?)",
                (sid, json.dumps(list(targets), ensure_ascii=False), _now()),
            )

    def statement_targets(self, sid: str) -> list[str] | None:
        """The statement's own targets: the analyst's, else those of its latest analysis; None if neither.

        A statement analysed before keeps its targets when the settings change, so a new default list of
        targets applies only to statements that have none of their own.
        """
        import json

        con = self._con()
        row = con.execute(
            "SELECT targets_json FROM statement_targets WHERE statement_id=?", (sid,)
        ).fetchone()
        if row is None:
            row = con.execute(
                "SELECT json_extract(analysis_json, '$.targets') FROM analyses WHERE statement_id=? "
                "ORDER BY created_at DESC LIMIT 1",
                (sid,),
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return [str(t) for t in json.loads(row[0])]

    def count_needing_analysis(self, config_hash: str) -> int:
        """Statements that were analysed before but have no analysis under ``config_hash`` yet."""
        row = (
            self._con()
            .execute(
                "SELECT COUNT(DISTINCT statement_id) FROM analyses WHERE statement_id NOT IN "
                "(SELECT statement_id FROM analyses WHERE config_hash=?)",
                (config_hash,),
            )
            .fetchone()
        )
        return int(row[0])

    # -- analyses ------------------------------------------------------------------------------
    def save_analysis(self, sid: str, analysis: Analysis) -> None:
        """Store a complete analysis (and its tidy rows) in one transaction."""
        if not analysis.complete:
            raise StoreError(
                "This analysis is incomplete (" + "; ".join(analysis.errors) + "); it was not stored. "
                "Fix the failing model (see `statement-lens models`) and analyse again."
            )
        ch = analysis.config_hash
        payload = analysis.to_json()
        with self._tx() as con:
            for table in ("units", "stance", "topics"):
                con.execute(f"DELETE FROM {table} WHERE statement_id=? AND config_hash=?", (sid, ch))
            con.execute("INSERT OR REPLACE INTO analyses VALUES (?,?,?,?)", (sid, ch, _now(), payload))
            for table, cols in _TIDY.items():
                df = getattr(analysis, table).reindex(columns=cols)
                rows = [(sid, ch, *_py(r)) for r in df.itertuples(index=False, name=None)]
                if rows:
                    marks = ",".join("?" * (len(cols) + 2))
                    con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def get_analysis(self, sid: str, config_hash: str) -> Analysis | None:
        """Return the stored analysis for (statement, configuration), or None."""
        row = (
            self._con()
            .execute(
                "SELECT analysis_json FROM analyses WHERE statement_id=? AND config_hash=?",
                (sid, config_hash),
            )
            .fetchone()
        )
        return Analysis.from_json(row[0]) if row else None

    def has_analysis(self, sid: str, config_hash: str) -> bool:
        """True when (statement, configuration) was analysed already."""
        row = (
            self._con()
            .execute("SELECT 1 FROM analyses WHERE statement_id=? AND config_hash=?", (sid, config_hash))
            .fetchone()
        )
        return row is not None

    def close(self) -> None:
        """Close this thread's connection."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def _py(row: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    for v in row:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append(None)
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return tuple(out)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
