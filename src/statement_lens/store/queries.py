"""Corpus aggregations as SQL over the store's tidy tables: nothing loads every analysis into pandas.

Every query is scoped by a :class:`Scope` (a corpus, the configuration its analyses were made with, and
optional speaker / source / date filters) and returns a small DataFrame, one row per chart point. The
tables used are the store's ``statements``, ``units``, ``stance`` and ``topics`` and the corpus driver's
``corpus_members`` and ``corpora`` (see :mod:`statement_lens.corpus.members`).

Time periods come from the statement date (ISO ``YYYY[-MM[-DD]]``): a statement whose date is shorter than
the period (a bare year when grouping by month) or missing is left out of time charts and counted as
undated by :func:`corpus_facets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from statement_lens.errors import InputError
from statement_lens.store.database import Store

PERIODS: dict[str, int] = {"year": 4, "month": 7, "day": 10}
GROUPS: dict[str, str] = {"speaker": "s.speaker", "source": "s.source"}
WEIGHTS = ("words", "statements")
STANCE_LABELS = ("favor", "against", "none")


@dataclass(frozen=True)
class Scope:
    """Which statements a query covers."""

    corpus: str
    config_hash: str
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on ``m`` (corpus_members) and ``s`` (statements), with their parameters."""
        sql = ["m.corpus = ?"]
        params: list[Any] = [self.corpus]
        for col, values in (("s.speaker", self.speakers), ("s.source", self.sources)):
            if values:
                sql.append(f"{col} IN ({_marks(values)})")
                params.extend(values)
        if self.date_from:
            sql.append("s.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            sql.append("substr(s.date, 1, ?) <= ?")
            params.extend([len(self.date_to), self.date_to])
        return " AND ".join(sql), params


def _marks(values: tuple[str, ...] | list[str]) -> str:
    return ",".join("?" * len(values))


def _period_len(period: str) -> int:
    if period not in PERIODS:
        raise InputError(f"Unknown period {period!r}; choose one of {list(PERIODS)}.")
    return PERIODS[period]


def _group_col(by: str) -> str:
    if by not in GROUPS:
        raise InputError(f"Cannot group by {by!r}; choose one of {list(GROUPS)}.")
    return GROUPS[by]


def _has_corpus_tables(store: Store) -> bool:
    df = store.query("SELECT COUNT(*) AS n FROM sqlite_master WHERE type='table' AND name='corpus_members'")
    return bool(df["n"].iloc[0])


def list_corpora(store: Store) -> pd.DataFrame:
    """Every corpus with its size: corpus, source, config_hash, n_statements, n_analysed, first/last date."""
    cols = ["corpus", "source", "config_hash", "targets", "updated_at", "summary_json", "n_statements",
            "n_analysed", "first_date", "last_date"]  # fmt: skip
    if not _has_corpus_tables(store):
        return pd.DataFrame(columns=cols)
    return store.query(
        "SELECT c.corpus, c.source, c.config_hash, c.targets, c.updated_at, c.summary_json, "
        "COUNT(s.statement_id) AS n_statements, COUNT(a.statement_id) AS n_analysed, "
        "MIN(s.date) AS first_date, MAX(s.date) AS last_date "
        "FROM corpora c LEFT JOIN corpus_members m ON m.corpus = c.corpus "
        "LEFT JOIN statements s ON s.statement_id = m.statement_id "
        "LEFT JOIN analyses a ON a.statement_id = m.statement_id AND a.config_hash = c.config_hash "
        "GROUP BY c.corpus ORDER BY c.updated_at DESC, c.corpus"
    )[cols]


def _base(scope: Scope) -> tuple[str, list[Any]]:
    """``WITH base AS (...)``: the scope's statements that have an analysis with the scope's configuration."""
    where, params = scope.where()
    cte = (
        "WITH base AS (SELECT s.statement_id, s.title, s.date, s.speaker, s.source FROM corpus_members m "
        "JOIN statements s ON s.statement_id = m.statement_id "
        "JOIN analyses a ON a.statement_id = m.statement_id AND a.config_hash = ? "
        f"WHERE {where}) "
    )
    return cte, [scope.config_hash, *params]


def corpus_facets(store: Store, scope: Scope) -> dict[str, pd.DataFrame]:
    """Values for the filter widgets: speakers, sources, targets and topics with counts, and the dates."""
    cte, params = _base(scope)
    out = {
        name: store.query(
            f"{cte}SELECT {col} AS value, COUNT(*) AS n_statements FROM base s WHERE {col} IS NOT NULL "
            f"GROUP BY {col} ORDER BY n_statements DESC, value",
            tuple(params),
        )
        for name, col in (("speakers", "s.speaker"), ("sources", "s.source"))
    }
    out["targets"] = store.query(
        f"{cte}SELECT st.target AS value, COUNT(DISTINCT st.statement_id) AS n_statements, "
        "COUNT(*) AS n_units "
        "FROM base s JOIN stance st ON st.statement_id = s.statement_id AND st.config_hash = ? "
        "GROUP BY st.target ORDER BY n_statements DESC, n_units DESC, value",
        (*params, scope.config_hash),
    )
    out["topics"] = store.query(
        f"{cte}SELECT t.topic AS value, COUNT(DISTINCT t.statement_id) AS n_statements, "
        "SUM(t.n_words) AS n_words "
        "FROM base s JOIN topics t ON t.statement_id = s.statement_id AND t.config_hash = ? "
        "GROUP BY t.topic ORDER BY n_words DESC, value",
        (*params, scope.config_hash),
    )
    out["dates"] = store.query(
        f"{cte}SELECT MIN(s.date) AS first, MAX(s.date) AS last, COUNT(s.date) AS n_dated, "
        "COUNT(*) AS n_statements FROM base s",
        tuple(params),
    )
    return out


def topic_emphasis_over_time(
    store: Store, scope: Scope, *, period: str = "year", weight: str = "words"
) -> pd.DataFrame:
    """Share of each topic per period: ``period, topic, share, n_words, n_statements``.

    ``weight="words"`` pools the words of all statements of the period (long speeches weigh more);
    ``weight="statements"`` averages each statement's share (every statement counts once).
    """
    n = _period_len(period)
    return _topic_shares(store, scope, f"substr(s.date, 1, {n})", f"length(s.date) >= {n}", weight, "period")


def topic_emphasis_by_group(
    store: Store, scope: Scope, *, by: str = "speaker", weight: str = "words"
) -> pd.DataFrame:
    """Share of each topic per speaker or source: ``group, topic, share, n_words, n_statements``."""
    col = _group_col(by)
    return _topic_shares(store, scope, col, f"{col} IS NOT NULL", weight, "group")


def _topic_shares(store: Store, scope: Scope, key: str, cond: str, weight: str, name: str) -> pd.DataFrame:
    if weight not in WEIGHTS:
        raise InputError(f"Unknown weight {weight!r}; choose one of {list(WEIGHTS)}.")
    cte, params = _base(scope)
    share = (
        "1.0 * SUM(t.n_words) / SUM(SUM(t.n_words)) OVER (PARTITION BY k.k)"
        if weight == "words"
        else "SUM(t.share_words) / MAX(n.n_statements)"
    )
    sql = (
        f"{cte}, k AS (SELECT {key} AS k, s.statement_id FROM base s WHERE {cond}), "
        "n AS (SELECT k, COUNT(*) AS n_statements FROM k GROUP BY k) "
        f'SELECT k.k AS "{name}", t.topic, {share} AS share, SUM(t.n_words) AS n_words, '
        "COUNT(DISTINCT t.statement_id) AS n_statements "
        "FROM k JOIN topics t ON t.statement_id = k.statement_id AND t.config_hash = ? "
        "JOIN n ON n.k = k.k GROUP BY k.k, t.topic ORDER BY k.k, share DESC, t.topic"
    )
    return store.query(sql, (*params, scope.config_hash))


def stance_over_time(
    store: Store,
    scope: Scope,
    *,
    period: str = "year",
    targets: tuple[str, ...] = (),
    min_confidence: float = 0.0,
) -> pd.DataFrame:
    """Stance per target per period with the number of units (quotations) behind each point.

    Columns: ``period, target, n_units, n_statements, n_favor, n_against, n_none, net, mean_score`` where
    ``net = (n_favor - n_against) / n_units`` and ``mean_score`` is the mean of ``p_favor - p_against``.
    """
    n = _period_len(period)
    key, cond = f"substr(s.date, 1, {n})", f"length(s.date) >= {n}"
    return _stance(store, scope, key, cond, targets, min_confidence, "period")


def _stance(
    store: Store, scope: Scope, key: str, cond: str, targets: tuple[str, ...], min_conf: float, name: str
) -> pd.DataFrame:
    cte, params = _base(scope)
    params.append(scope.config_hash)
    extra = ""
    if targets:
        extra += f" AND st.target IN ({_marks(targets)})"
        params.extend(targets)
    if min_conf > 0:
        extra += " AND st.confidence >= ?"
        params.append(min_conf)
    sql = (
        f'{cte}SELECT {key} AS "{name}", st.target, COUNT(*) AS n_units, '
        "COUNT(DISTINCT st.statement_id) AS n_statements, "
        "SUM(st.label = 'favor') AS n_favor, SUM(st.label = 'against') AS n_against, "
        "SUM(st.label = 'none') AS n_none, "
        "1.0 * (SUM(st.label = 'favor') - SUM(st.label = 'against')) / COUNT(*) AS net, "
        "AVG(st.p_favor - st.p_against) AS mean_score "
        "FROM base s JOIN stance st ON st.statement_id = s.statement_id AND st.config_hash = ? "
        f"WHERE {cond}{extra} GROUP BY {key}, st.target ORDER BY {key}, st.target"
    )
    return store.query(sql, tuple(params))


def stance_quotes(
    store: Store,
    scope: Scope,
    *,
    target: str,
    period: str | None = None,
    by: str | None = None,
    value: str | None = None,
    labels: tuple[str, ...] = (),
    limit: int = 10,
) -> pd.DataFrame:
    """The quotations behind one stance point, most confident first (labelled ones before "none").

    The point is ``target`` plus either a ``period`` granularity with its ``value`` (e.g. year "2024") or a
    group ``by`` ("speaker"/"source") with its ``value``; with neither, every quotation of the target.
    Columns: ``statement_id, title, date, statement_speaker, unit_id, speaker, text, label, confidence,
    p_favor, p_against, p_none, needs_review``.
    """
    cte, params = _base(scope)
    cond, cond_params = _point(period, by, value)
    label_sql = f" AND st.label IN ({_marks(labels)})" if labels else ""
    sql = (
        f"{cte}SELECT s.statement_id, s.title, s.date, s.speaker AS statement_speaker, st.unit_id, "
        "u.speaker, u.text, st.label, st.confidence, st.p_favor, st.p_against, st.p_none, st.needs_review "
        "FROM base s JOIN stance st ON st.statement_id = s.statement_id AND st.config_hash = ? "
        "LEFT JOIN units u ON u.statement_id = st.statement_id AND u.config_hash = st.config_hash "
        "AND u.unit_id = st.unit_id "
        f"WHERE st.target = ?{cond}{label_sql} "
        "ORDER BY (st.label = 'none'), st.confidence DESC, s.date, s.statement_id, st.unit_id LIMIT ?"
    )
    return store.query(sql, (*params, scope.config_hash, target, *cond_params, *labels, int(limit)))


def topic_units(
    store: Store,
    scope: Scope,
    *,
    topic: str,
    period: str | None = None,
    by: str | None = None,
    value: str | None = None,
    limit: int = 10,
) -> pd.DataFrame:
    """The units (quotations, turns or sentences) behind one topic point, most relevant first.

    Columns: ``statement_id, title, date, statement_speaker, unit_id, unit_type, speaker, text, topic_score``.
    """
    cte, params = _base(scope)
    cond, cond_params = _point(period, by, value)
    sql = (
        f"{cte}SELECT s.statement_id, s.title, s.date, s.speaker AS statement_speaker, u.unit_id, "
        "u.unit_type, u.speaker, u.text, u.topic_score "
        "FROM base s JOIN units u ON u.statement_id = s.statement_id AND u.config_hash = ? "
        f"WHERE u.topic = ?{cond} "
        "ORDER BY u.topic_score DESC, s.date, s.statement_id, u.unit_id LIMIT ?"
    )
    return store.query(sql, (*params, scope.config_hash, topic, *cond_params, int(limit)))


def _point(period: str | None, by: str | None, value: str | None) -> tuple[str, list[Any]]:
    if value is None:
        return "", []
    if period is not None:
        n = _period_len(period)
        return f" AND length(s.date) >= {n} AND substr(s.date, 1, {n}) = ?", [value]
    if by is not None:
        return f" AND {_group_col(by)} = ?", [value]
    raise InputError("A point value needs a period or a group (by) to apply to.")
