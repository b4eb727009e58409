"""What a worker does with a batch of items: read, skip what is done, analyse, report one result per item.

The same function runs in the local engine and inside each Ray actor, which is why both give the same
answers. A worker never touches the store: it returns each analysis as JSON and the driver commits it.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import time
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any

from statement_lens.config import Settings
from statement_lens.errors import ModelError, StatementLensError
from statement_lens.services import Services

RESULT_COLUMNS = ("key", "status", "statement_id", "stage", "reason", "seconds", "cpu_seconds", "worker",
                  "analysis_json", "analysis_pickle", "meta_json")  # fmt: skip
DONE, SKIPPED, FAILED = "done", "skipped", "failed"


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs besides the items (picklable, sent once to each Ray actor)."""

    settings: Settings
    targets: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()  # modules imported first: they register extra backends by name


def import_plugins(plugins: Sequence[str]) -> None:
    """Import modules that register extra model backends (e.g. a user's own stance model)."""
    for name in plugins:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise ModelError(
                f"Plugin module {name!r} cannot be imported ({exc}). Install it on every worker "
                "or drop --plugin."
            ) from exc


def start_services(config: WorkerConfig) -> Services:
    """Import plugins and load the models once; refuse to start when a model fails to load."""
    from statement_lens.services import load_services

    import_plugins(config.plugins)
    services = load_services(config.settings)
    if services.failures:
        detail = "; ".join(f"{task}: {msg}" for task, msg in services.failures.items())
        raise ModelError(f"Models failed to load ({detail}). Check them with `statement-lens models`.")
    return services


def _result(key: str, status: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(RESULT_COLUMNS)
    row.update(key=key, status=status, worker=f"{os.uname().nodename}:{os.getpid()}", **fields)
    return row


def process_rows(
    rows: Sequence[dict[str, Any]], services: Services, config: WorkerConfig, done: Container[str]
) -> list[dict[str, Any]]:
    """Analyse each row (a :meth:`SourceItem.to_row` dict) unless its statement is in ``done``.

    Returns one result dict per row with ``status`` done / skipped / failed, and for done rows the
    analysis as JSON (what Parquet and the store keep) and pickled (what the driver reads back: 50x
    faster than parsing the JSON, which matters because the driver's commit is the serial part of a job;
    the pickle only travels from this package's workers to its driver, never to or from disk). Any failure
    of one item (unreadable file, a crash inside the pipeline) is caught and reported for that item alone,
    so one bad file never stops a job.
    """
    from statement_lens.corpus.sources import SourceItem, item_metadata, load_item
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.store.database import statement_id

    out = []
    for row in rows:
        item = SourceItem.from_row(row)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            statement = load_item(item)
        except StatementLensError as exc:
            out.append(_result(item.key, FAILED, stage="ingest", reason=str(exc)))
            continue
        except Exception as exc:  # a reader may break on a corrupt file in any way; isolate the item
            out.append(_result(item.key, FAILED, stage="ingest", reason=f"{type(exc).__name__}: {exc}"))
            continue
        sid = statement_id(statement)
        meta = json.dumps(item_metadata(item, statement), ensure_ascii=False)
        if sid in done:
            out.append(_result(item.key, SKIPPED, statement_id=sid, meta_json=meta))
            continue
        try:
            analysis = analyze(statement, list(config.targets) or None, services=services)
        except Exception as exc:  # isolate the item: report which one broke and go on
            out.append(
                _result(
                    item.key,
                    FAILED,
                    statement_id=sid,
                    stage="analysis",
                    reason=f"{type(exc).__name__}: {exc}",
                )
            )
            continue
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0  # CPU: every thread of the process
        if not analysis.complete:
            reason = "; ".join(analysis.errors)
            out.append(
                _result(item.key, FAILED, statement_id=sid, stage="analysis", reason=reason, seconds=seconds)
            )
            continue
        out.append(
            _result(
                item.key,
                DONE,
                statement_id=sid,
                seconds=seconds,
                cpu_seconds=cpu,
                analysis_json=analysis.to_json(),
                analysis_pickle=pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL),
                meta_json=meta,
            )
        )
    return out


class RayAnalyzer:
    """Ray Data callable class: models load once per actor; each batch goes through :func:`process_rows`."""

    def __init__(self, config: WorkerConfig, done: frozenset[str]) -> None:
        """Load the models for this worker (once)."""
        self.config = config
        self.done = done
        self.services = start_services(config)

    def __call__(self, batch: Any) -> Any:
        """Analyse one pandas batch of items; return one result row per item."""
        import pandas as pd

        results = process_rows(batch.to_dict("records"), self.services, self.config, self.done)
        return pd.DataFrame(results, columns=list(RESULT_COLUMNS))
