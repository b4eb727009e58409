"""The corpus driver: plan a job, stream results from an engine, commit each batch, summarise.

Commit protocol for one batch (the only writer of the store and the job folder is this driver):

1. its Parquet tables are written to a temporary folder and renamed into ``parts/<batch_id>`` (atomic);
2. each analysis is loaded into the store (one transaction per statement, keyed by statement id and
   configuration hash, so loading it again replaces it with identical rows);
3. the statements are added to the corpus (``INSERT OR IGNORE``).

A job killed between any two steps is finished by a rerun: half-written folders are removed, committed
batches missing from the store are loaded from their Parquet, and statements already in the store with the
same configuration (and covering the requested targets) are skipped by the workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from statement_lens.config import Settings
from statement_lens.corpus import members, parquet
from statement_lens.corpus.engines import ENGINES, run_local, run_ray
from statement_lens.corpus.sources import SourceItem, list_items
from statement_lens.corpus.worker import DONE, FAILED, SKIPPED, WorkerConfig
from statement_lens.errors import InputError
from statement_lens.pipeline.analysis import Analysis
from statement_lens.store.database import Store

JOBS_DIR = "corpus_jobs"


@dataclass(frozen=True)
class JobSpec:
    """What to analyse and how."""

    source: str
    settings: Settings
    corpus: str | None = None  # default: the source's folder or file name
    targets: tuple[str, ...] = ()
    engine: str = "local"
    workers: int = 1
    address: str | None = None
    batch_size: int = 8
    plugins: tuple[str, ...] = ()
    path_meta: str | None = None

    def __post_init__(self) -> None:
        """Check the options (InputError with the valid values)."""
        if self.engine not in ENGINES:
            raise InputError(f"Unknown engine {self.engine!r}; choose one of {list(ENGINES)}.")
        if self.workers < 1 or self.batch_size < 1:
            raise InputError("--workers and --batch-size must be at least 1.")
        if self.engine == "local" and (self.workers != 1 or self.address):
            raise InputError(
                "The local engine runs in one process: --workers and --address need --engine ray."
            )

    @property
    def corpus_name(self) -> str:
        """The corpus name shown in the dashboard."""
        if self.corpus:
            return self.corpus
        stem = Path(re.split(r"[*?\[]", self.source)[0].rstrip("/")).name or "corpus"
        return Path(stem).stem if Path(stem).suffix else stem

    @property
    def job_id(self) -> str:
        """Same corpus, source, configuration and targets → same job (and job folder), so a rerun resumes."""
        key = json.dumps(
            [self.corpus_name, _abs_source(self.source), self.settings.config_hash(), sorted(self.targets)]
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    def job_dir(self) -> Path:
        """The job folder under the data directory."""
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", self.corpus_name).strip("-")[:40] or "corpus"
        return Path(self.settings.data_dir) / JOBS_DIR / f"{slug}-{self.job_id}"


def _abs_source(source: str) -> str:
    return os.path.abspath(source)


@dataclass
class JobSummary:
    """What a run did: counts, failures with reasons, throughput."""

    corpus: str
    job_dir: str
    engine: str
    workers: int
    items: int = 0
    done: int = 0
    skipped: int = 0
    duplicates: int = 0
    reloaded: int = 0
    metadata_updated: int = 0  # stored statements whose date, speaker, source or title changed
    failed: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    analysis_seconds: float = 0.0  # wall time summed inside the workers
    analysis_cpu_seconds: float = 0.0  # CPU time (all threads) summed inside the workers
    commit_seconds: float = 0.0  # the driver's serial part: Parquet writes and store loading
    started_at: str = ""
    finished: bool = False

    @property
    def statements_per_minute(self) -> float:
        """Analysed statements per wall-clock minute (model loading included)."""
        return 60.0 * self.done / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {**asdict(self), "statements_per_minute": round(self.statements_per_minute, 2)}

    def format(self) -> str:
        """A short human-readable report."""
        head = "finished" if self.finished else "INTERRUPTED (rerun the same command to finish)"
        lines = [
            f"corpus {self.corpus!r} ({self.engine}, {self.workers} worker(s)): {head}",
            f"  items {self.items}: done {self.done}, skipped {self.skipped} (already analysed"
            + (f", {self.duplicates} duplicate texts" if self.duplicates else "")
            + f"), failed {len(self.failed)}",
            f"  {self.seconds:.1f} s wall, {self.statements_per_minute:.1f} statements/minute",
            f"  results: {self.job_dir}",
        ]
        if self.metadata_updated:
            lines.append(f"  metadata (date, speaker, source, title) updated for {self.metadata_updated}")
        if self.reloaded:
            lines.append(f"  {self.reloaded} statement(s) from an interrupted run loaded into the store")
        for f in self.failed:
            lines.append(f"  FAILED {f['key']} [{f.get('stage')}]: {f.get('reason')}")
        return "\n".join(lines)


class Committer:
    """Writes finished batches to Parquet and the store; knows what is done."""

    def __init__(self, store: Store, job_dir: Path, corpus: str) -> None:
        """Bind to a store, a job folder and a corpus name."""
        self.store = store
        self.job_dir = job_dir
        self.corpus = corpus
        self.seen: dict[str, str] = {}  # statement id → item key committed in this run

    def recover(self) -> int:
        """Drop half-written batches; load committed batches the store lacks; return the number loaded."""
        parquet.clean_partial(self.job_dir)
        stored = self._stored_hashes()
        missing: list[tuple[str, str]] = []
        pairs = []
        for row in parquet.iter_statement_rows(self.job_dir, ["statement_id", "config_hash", "item_key"]):
            pairs.append((row["statement_id"], row["item_key"]))
            if (row["statement_id"], row["config_hash"]) not in stored:
                missing.append((row["statement_id"], row["config_hash"]))
        if missing:
            want = set(missing)
            for row in parquet.iter_statement_rows(
                self.job_dir, ["statement_id", "config_hash", "analysis_json"]
            ):
                if (row["statement_id"], row["config_hash"]) in want:
                    self._save(Analysis.from_json(row["analysis_json"]))
        members.add_members(self.store, self.corpus, pairs)
        return len(set(missing))

    def _stored_hashes(self) -> set[tuple[str, str]]:
        df = self.store.query("SELECT statement_id, config_hash FROM analyses")
        return set(zip(df["statement_id"], df["config_hash"], strict=True))

    def done_set(self, config_hash: str, targets: Sequence[str]) -> frozenset[str]:
        """Statements analysed with this configuration (and, when targets are asked for, covering them)."""
        if not targets:
            df = self.store.query("SELECT statement_id FROM analyses WHERE config_hash=?", (config_hash,))
            return frozenset(df["statement_id"])
        df = self.store.query(
            "SELECT statement_id, json_extract(analysis_json, '$.targets') AS targets FROM analyses "
            "WHERE config_hash=?",
            (config_hash,),
        )
        want = set(targets)
        return frozenset(
            sid
            for sid, raw in zip(df["statement_id"], df["targets"], strict=True)
            if want <= set(json.loads(raw))
        )

    def _save(self, analysis: Analysis) -> str:
        sid = self.store.add_statement(analysis.statement)
        self.store.save_analysis(sid, analysis)
        return sid

    def commit(self, results: Sequence[dict[str, Any]], summary: JobSummary) -> None:
        """Commit one batch of worker results and count them into ``summary``."""
        analysed: list[tuple[Analysis, dict[str, Any]]] = []
        failures = []
        member_rows = []
        for res in results:
            status, key = res["status"], res["key"]
            sid: str = res.get("statement_id") or ""
            if status == DONE and sid in self.seen:
                summary.duplicates += 1
                status = SKIPPED
            if status == DONE:
                analysed.append((_analysis(res), res))
                self.seen[sid] = key
                summary.analysis_seconds += float(res.get("seconds") or 0.0)
                summary.analysis_cpu_seconds += float(res.get("cpu_seconds") or 0.0)
            elif status == FAILED:
                failures.append(res)
                summary.failed.append({"key": key, "stage": res.get("stage"), "reason": res.get("reason")})
            else:
                summary.skipped += 1
            if sid and status != FAILED:
                member_rows.append((sid, key))
        if analysed or failures:
            tables = parquet.tidy_tables(analysed, failures, self.corpus)
            parquet.write_batch(self.job_dir, parquet.batch_id([r["key"] for r in results]), tables)
        for a, _res in analysed:
            self._save(a)
        for res in results:
            meta = res.get("meta_json") if res["status"] != FAILED else None
            if (
                meta
                and res.get("statement_id")
                and self.store.update_metadata(res["statement_id"], json.loads(meta))
            ):
                summary.metadata_updated += 1
        summary.done += len(analysed)
        members.add_members(self.store, self.corpus, member_rows)


def _analysis(res: dict[str, Any]) -> Analysis:
    blob = res.get("analysis_pickle")
    if blob:
        loaded = pickle.loads(blob)  # from this job's own workers (see worker.process_rows)
        if isinstance(loaded, Analysis):
            return loaded
    return Analysis.from_json(res["analysis_json"])


def _progress_bar(total: int, stream: TextIO | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="stmt", desc="corpus", file=stream or sys.stderr, disable=stream is None,
                dynamic_ncols=True, smoothing=0.1)  # fmt: skip


def _engine(
    spec: JobSpec, items: Sequence[SourceItem], done: frozenset[str]
) -> Generator[list[dict[str, Any]], None, None]:
    config = WorkerConfig(settings=spec.settings, targets=spec.targets, plugins=spec.plugins)
    if spec.engine == "ray":
        return run_ray(
            items, config, done, batch_size=spec.batch_size, workers=spec.workers, address=spec.address
        )
    return run_local(items, config, done, batch_size=spec.batch_size)


def run_job(
    spec: JobSpec,
    *,
    progress: TextIO | None = None,
    on_batch: Callable[[JobSummary], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> JobSummary:
    """Run (or resume) a corpus job and return its summary.

    Args:
        spec: the job.
        progress: stream for the progress bar with ETA (``sys.stderr`` in the CLI; None for no bar).
        on_batch: called after each committed batch with the running summary.
        should_stop: polled after each committed batch; when it returns True the job stops there
            (``summary.finished`` stays False) and a rerun finishes it.
    """
    t0 = time.perf_counter()
    items = list_items(spec.source, path_meta=spec.path_meta)
    store = Store(spec.settings.data_dir)
    job_dir = spec.job_dir()
    job_dir.mkdir(parents=True, exist_ok=True)
    corpus = spec.corpus_name
    config_hash = spec.settings.config_hash()
    _write_json(job_dir / "job.json", _job_doc(spec, len(items)))
    members.register_corpus(
        store, corpus, source=spec.source, config_hash=config_hash, targets=spec.targets, job_dir=str(job_dir)
    )
    started = datetime.now(UTC).isoformat(timespec="seconds")
    summary = JobSummary(
        corpus=corpus, job_dir=str(job_dir), engine=spec.engine, workers=spec.workers, items=len(items),
        started_at=started,
    )  # fmt: skip
    committer = Committer(store, job_dir, corpus)
    summary.reloaded = committer.recover()
    done = committer.done_set(config_hash, spec.targets)
    bar = _progress_bar(len(items), progress)
    batches = _engine(spec, items, done)
    try:
        for results in batches:
            t_commit = time.perf_counter()
            committer.commit(results, summary)
            summary.commit_seconds += time.perf_counter() - t_commit
            bar.update(len(results))
            bar.set_postfix(
                done=summary.done, skipped=summary.skipped, failed=len(summary.failed), refresh=False
            )
            if on_batch is not None:
                on_batch(summary)
            if should_stop is not None and should_stop():
                break
        else:
            summary.finished = True
    finally:
        batches.close()  # stops a Ray instance this job started, also on Ctrl-C
        bar.close()
        summary.seconds = time.perf_counter() - t0
        _finish(store, job_dir, summary)
    return summary


def _finish(store: Store, job_dir: Path, summary: JobSummary) -> None:
    doc = summary.to_dict()
    _write_json(job_dir / "summary.json", doc)
    members.save_summary(store, summary.corpus, doc)


def _job_doc(spec: JobSpec, n_items: int) -> dict[str, Any]:
    return {
        "source": spec.source,
        "corpus": spec.corpus_name,
        "config_hash": spec.settings.config_hash(),
        "settings": spec.settings.model_fingerprint(),
        "targets": list(spec.targets),
        "items": n_items,
        "plugins": list(spec.plugins),
        "path_meta": spec.path_meta,
    }


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
