"""The two engines. Each yields batches of worker results as they finish; the driver commits them.

``local`` analyses in this process, one batch after the other. ``ray`` runs the same worker function in
Ray Data actors (models loaded once per actor), streaming results back so the driver commits each batch
as soon as it is done: a job killed at any point keeps every batch committed before the kill.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from statement_lens.corpus.sources import SourceItem
from statement_lens.corpus.worker import RayAnalyzer, WorkerConfig, process_rows, start_services
from statement_lens.errors import ModelError

ENGINES = ("local", "ray")
Results = list[dict[str, Any]]


def _chunks(items: Sequence[SourceItem], size: int) -> Iterator[Sequence[SourceItem]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_local(
    items: Sequence[SourceItem], config: WorkerConfig, done: frozenset[str], *, batch_size: int
) -> Generator[Results, None, None]:
    """Analyse in this process; one result batch per ``batch_size`` items."""
    services = start_services(config)
    for chunk in _chunks(items, batch_size):
        yield process_rows([it.to_row() for it in chunk], services, config, done)


def run_ray(
    items: Sequence[SourceItem],
    config: WorkerConfig,
    done: frozenset[str],
    *,
    batch_size: int,
    workers: int,
    address: str | None = None,
) -> Generator[Results, None, None]:
    """Analyse on Ray Data: ``from_items`` → ``map_batches`` with an actor pool of ``workers`` → stream back.

    Starts a local Ray instance with ``workers`` CPUs when Ray is not running and no address is given
    (and stops it at the end); connects to ``address`` otherwise. File items are read by the workers, so
    on a multi-machine cluster the files must be on a shared filesystem (or use a CSV/JSONL source).
    """
    import ray
    import ray.data
    from ray.exceptions import RayError

    started = False
    if not ray.is_initialized():
        init_args: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": "WARNING",
        }
        if address:
            init_args["address"] = address
        else:
            init_args["num_cpus"] = workers
        ray.init(**init_args)
        started = True
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    try:
        source = ray.data.from_items(
            [it.to_row() for it in items], override_num_blocks=max(1, math.ceil(len(items) / batch_size))
        )
        ds = source.map_batches(
            RayAnalyzer,
            fn_constructor_kwargs={"config": config, "done": done},
            batch_size=batch_size,
            batch_format="pandas",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="pandas"):
                yield [_plain(r) for r in batch.to_dict("records")]  # type: ignore[union-attr]
        except RayError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, ModelError):
                raise cause from exc
            raise ModelError(
                f"The Ray job failed: {exc}. Committed batches are kept; rerun to resume."
            ) from exc
    finally:
        if started:
            ray.shutdown()


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Pandas turns missing values into NaN; the driver expects None."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
