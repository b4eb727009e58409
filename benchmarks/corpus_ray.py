"""Corpus mode on the UN General Debate statements: local engine vs Ray with 1 and 2 workers.

Run from the repository root::

    nice python benchmarks/corpus_ray.py [--n 24] [--configs local,ray1,ray2] [--batch-size 2]

``--n 0`` uses all 384 statements. Each configuration runs in a fresh subprocess with a fresh data directory
(so no model or store is shared between them), with the embedded default models, the same statements and
the targets ``Ukraine``, ``climate change``, ``United Nations``. Measured per configuration:

* wall time of the whole job (Ray start, model loading and store loading included) and statements/minute;
* steady throughput: statements committed between the first and the last committed batch, per minute
  (excludes start-up and model loading, i.e. what a long job converges to);
* per-statement analysis cost inside a worker (median and spread of the ``seconds`` column);
* peak RSS of each worker process (psutil, sampled every 0.25 s): the driver for the local engine, each
  ``RayAnalyzer`` actor for Ray, and the driver beside it.

The results of all configurations are compared statement by statement (labels, ids, spans and texts
exactly; float scores within 1e-6). Writes ``benchmarks/reports/corpus_ray.md``. Exits 0 with a message
when the data is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "speeches" / "un_general_debate"
REPORT = ROOT / "benchmarks" / "reports" / "corpus_ray.md"
TARGETS = ("Ukraine", "climate change", "United Nations")
PATH_META = r"(?P<speaker>[A-Z]{3})_\d+_(?P<date>\d{4})"
#: name → (engine, workers, OMP/MKL threads forced for the process or None for the library default)
CONFIGS: dict[str, tuple[str, int, str | None]] = {
    "local": ("local", 1, None),
    "local-1t": ("local", 1, "1"),
    "ray1": ("ray", 1, None),
    "ray2": ("ray", 2, None),
}


def subset(n: int) -> list[Path]:
    """``n`` statements spread evenly over both years (sorted by year then country), or all when n == 0."""
    files = sorted(DATA.glob("20*/*.txt"))
    if n <= 0 or n >= len(files):
        return files
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


class RssSampler:
    """Peak RSS per process: the driver and every process whose command line names the Ray actor."""

    def __init__(self, interval: float = 0.25) -> None:
        import psutil

        self.psutil = psutil
        self.interval = interval
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        me = self.psutil.Process()
        try:
            procs = [
                me,
                *me.children(recursive=True),
            ]  # a local Ray instance's workers descend from its driver
        except self.psutil.NoSuchProcess:
            return
        for p in procs:
            try:
                cmd = " ".join(p.cmdline())
                role = "driver" if p.pid == me.pid else ("worker" if "RayAnalyzer" in cmd else None)
                if role is None:
                    continue
                rss = int(p.memory_info().rss)
            except (self.psutil.NoSuchProcess, self.psutil.AccessDenied, self.psutil.ZombieProcess):
                continue
            old = self.peaks.get(p.pid, (role, 0))[1]
            self.peaks[p.pid] = (role, max(old, rss))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_one(config: str, n: int, batch_size: int, out: Path, keep_results: bool) -> None:
    """Run one configuration in this process and write its measurements as JSON."""
    from statement_lens.config import Settings
    from statement_lens.corpus import JobSpec, read_table, run_job

    engine, workers, _threads = CONFIGS[config]
    files = subset(n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for f in files:  # a folder of links keeps the file names (and so --path-meta) and the texts
            (src / f.name).symlink_to(f)
        data = Path(tmp) / "data"
        spec = JobSpec(source=str(src), settings=Settings(data_dir=str(data)), corpus="ungd", targets=TARGETS,
                       engine=engine, workers=workers, batch_size=batch_size,
                       path_meta=PATH_META)  # fmt: skip
        commits: list[tuple[float, int]] = []
        t0 = time.perf_counter()
        with RssSampler() as sampler:
            summary = run_job(
                spec, progress=sys.stderr, on_batch=lambda s: commits.append((time.perf_counter(), s.done))
            )
        wall = time.perf_counter() - t0
        statements = read_table(summary.job_dir, "statements")
        from statement_lens.store.database import Store

        store = Store(data)
        ch = spec.settings.config_hash()
        results = {
            sid: store.get_analysis(sid, ch).to_json()  # type: ignore[union-attr]
            for sid in statements["statement_id"]
            if keep_results
        }
    (t_first, d_first), (t_last, d_last) = commits[0], commits[-1]
    steady = 60.0 * (d_last - d_first) / (t_last - t_first) if t_last > t_first else float("nan")
    doc = {
        "config": config,
        "engine": engine,
        "workers": workers,
        "n": len(files),
        "words": sum(len(f.read_text(encoding="utf-8", errors="replace").split()) for f in files),
        "done": summary.done,
        "failed": summary.failed,
        "wall_s": wall,
        "first_commit_s": t_first - t0,
        "per_min_wall": 60.0 * summary.done / wall,
        "per_min_steady": steady,
        "seconds": [float(x) for x in statements["seconds"]],
        "cpu_seconds": [float(x) for x in statements["cpu_seconds"]] if "cpu_seconds" in statements else [],
        "commit_ms_per_statement": 1000.0 * summary.commit_seconds / max(summary.done, 1),
        "worker_peaks_mb": sorted(v[1] / 2**20 for v in sampler.peaks.values() if v[0] == "worker"),
        "driver_peak_mb": max(
            (v[1] / 2**20 for v in sampler.peaks.values() if v[0] == "driver"), default=0.0
        ),
        "results": results,
    }
    out.write_text(json.dumps(doc), encoding="utf-8")


def _comparable(js: str) -> Any:
    sys.path.insert(0, str(ROOT))
    from statement_lens.pipeline.analysis import Analysis
    from tests.corpus_fixtures import comparable

    return comparable(Analysis.from_json(js))


def same_results(a: dict[str, str], b: dict[str, str]) -> str:
    """``identical`` / ``equal within 1e-6`` / what differs."""
    from tests.corpus_fixtures import assert_same_analyses

    if set(a) != set(b):
        return f"different statements ({len(set(a) ^ set(b))} differ)"
    exact = True
    for sid in a:
        x, y = _comparable(a[sid]), _comparable(b[sid])
        if x != y:
            exact = False
            try:
                assert_same_analyses(y, x)
            except AssertionError as exc:
                return f"DIFFERENT: {exc}"
    return "identical" if exact else "equal (floats within 1e-6)"


def machine() -> str:
    import psutil

    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in ln
        ),
        platform.processor() or "unknown CPU",
    )
    return f"{cpu}, {os.cpu_count()} logical cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True)  # fmt: skip
        return done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _spread(xs: list[float]) -> str:
    if not xs:
        return "–"
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
    return f"{statistics.median(xs):.1f} (IQR {q[0]:.1f}–{q[2]:.1f})"


def _med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def aggregate(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per configuration: medians over its repeats, pooled per-statement costs, peak memory."""
    rows = []
    for config in dict.fromkeys(r["config"] for r in runs):
        rs = [r for r in runs if r["config"] == config]
        rows.append(
            {
                "config": config,
                "engine": rs[0]["engine"],
                "workers": rs[0]["workers"],
                "threads": CONFIGS[config][2] or "default",
                "runs": len(rs),
                "n": rs[0]["n"],
                "done": min(r["done"] for r in rs),
                "steady": [r["per_min_steady"] for r in rs],
                "wall": _med([r["wall_s"] for r in rs]),
                "first": _med([r["first_commit_s"] for r in rs]),
                "seconds": [x for r in rs for x in r["seconds"]],
                "cpu": [x for r in rs for x in r.get("cpu_seconds", [])],
                "worker_mb": max((m for r in rs for m in r["worker_peaks_mb"]), default=0.0),
                "n_worker_procs": max(len(r["worker_peaks_mb"]) for r in rs),
                "driver_mb": max(r["driver_peak_mb"] for r in rs),
                "commit_ms": _med([r["commit_ms_per_statement"] for r in rs]),
                "results": next(r["results"] for r in rs if r["results"]),
            }
        )
    return rows


def write_report(runs: list[dict[str, Any]], args: argparse.Namespace, loads: list[float], cmd: str) -> str:
    rows = aggregate(runs)
    base = next((r for r in rows if r["config"] == "local"), rows[0])
    ray1 = next((r for r in rows if r["config"] == "ray1"), None)
    lines = []
    for r in rows:
        st = _med(r["steady"])
        vs_local = st / _med(base["steady"])
        vs_ray1 = f"{st / _med(ray1['steady']):.2f}×" if ray1 is not None and r["engine"] == "ray" else "–"
        worker = f"{r['worker_mb']:.0f}" if r["engine"] == "ray" else f"{r['driver_mb']:.0f} (the driver)"
        lines.append(
            f"| {r['config']} | {r['engine']} | {r['workers']} | {r['threads']} | {r['runs']} | "
            f"{r['done']}/{r['n']} | {st:.1f} ({min(r['steady']):.1f}–{max(r['steady']):.1f}) | "
            f"{vs_local:.2f}× | {vs_ray1} | {r['wall']:.0f} | {r['first']:.0f} | {_spread(r['seconds'])} | "
            f"{_spread(r['cpu'])} | "
            f"{worker} | {r['driver_mb']:.0f} | {r['commit_ms']:.0f} |"
        )
    checks = [f"- {r['config']} vs {base['config']}: {same_results(base['results'], r['results'])}"
              for r in rows if r is not base]  # fmt: skip
    n_all = len(sorted(DATA.glob("20*/*.txt")))
    n = rows[0]["n"]
    words = runs[0]["words"]
    configs = [r["config"] for r in rows]
    from statement_lens.config import Settings

    return "\n".join(
        [
            "# Corpus mode: local engine vs Ray (UN General Debate statements)",
            "",
            f"- Command: `{cmd}`",
            f"- Commit: {_commit()} (plus the working tree at the time), date {dt.date.today().isoformat()}",
            f"- Machine: {machine()}; Python {platform.python_version()}; "
            f"load average (1 min) before / after the runs: {loads[0]:.1f} / {loads[1]:.1f} "
            "(other jobs may share the 2 cores)",
            f"- Data: {n} of the {n_all} UN General Debate statements (2023 and 2024"
            + (f", every {n_all / n:.0f}th file by year and country" if n < n_all else "")
            + f"; {words:,} words, {words / n:,.0f} per statement), "
            "`../shared/data/speeches/un_general_debate/`",
            f"- Models: the embedded defaults (`Settings()`: stance `{Settings().stance}` runtime "
            f"`{Settings().stance_runtime}`); targets {', '.join(TARGETS)}; batch size "
            f"{args.batch_size}; each run in a fresh process with an empty store; configurations interleaved "
            f"({', '.join(configs)}, then again) {args.repeats} time(s)",
            "",
            "| config | engine | workers | torch/BLAS threads | runs | statements | "
            "stmts/min, steady: median (min–max) | speed-up vs local | speed-up vs ray1 | wall s (median) | "
            "first commit s | "
            "s per statement in a worker: median (IQR) | CPU s per statement in a worker: median (IQR) | "
            "peak RSS per worker, MB | driver peak RSS, MB | driver commit ms/statement |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *lines,
            "",
            "Steady = statements committed between the first and the last committed batch, per minute "
            "(start-up and model loading excluded). Wall includes Ray start-up, model loading in every "
            "worker and loading the results into the store. `local-1t` is the local engine with "
            "`OMP_NUM_THREADS=MKL_NUM_THREADS=1`, the thread setting Ray gives an actor holding one CPU: it "
            "separates the effect of threads from the effect of Ray. Driver commit = Parquet write plus "
            "store load per statement, the serial part of a job. CPU s = `time.process_time()` around each "
            "statement in its worker (all threads of that process): unlike wall time it barely depends on "
            "what else runs on the machine, so it is the number to size a cluster with (docs/scaling.md).",
            "",
            "Same answers (first run of each configuration, statement by statement):",
            *checks,
            "",
            "Not measured: multi-machine Ray clusters; more than 2 workers (this machine has 2 cores); GPU "
            "workers"
            + (
                f"; the other {n_all - n} statements (a subset keeps the repeated runs within the time the "
                "shared machine allows; `--n 0` runs all 384)."
                if n < n_all
                else "."
            ),
            "",
        ]
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=24, help="statements per configuration (0 = all 384)")
    p.add_argument("--configs", default="local,local-1t,ray1,ray2")
    p.add_argument("--repeats", type=int, default=3, help="runs per configuration (interleaved)")
    p.add_argument("--batch-size", type=int, default=2)
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--keep-results", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--runs-dir", help="keep each run's measurements (JSON) in this folder")
    p.add_argument("--report-only", help="write the report from the runs kept in this folder; run nothing")
    args = p.parse_args()
    if not DATA.is_dir():
        print(f"UN General Debate data not found at {DATA}; nothing to measure.", file=sys.stderr)
        return 0
    if args.one:
        run_one(args.one, args.n, args.batch_size, Path(args.out), args.keep_results)
        return 0
    cmd = "python benchmarks/corpus_ray.py " + " ".join(sys.argv[1:])
    loads = [os.getloadavg()[0]]
    runs: list[dict[str, Any]] = []
    if args.report_only:
        files = sorted(
            Path(args.report_only).glob("*.json"), key=lambda f: (f.stem.rsplit("-", 1)[1], f.stem)
        )
        runs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
        meta = json.loads((Path(args.report_only) / "meta.txt").read_text(encoding="utf-8"))
        cmd, loads, args.repeats, args.batch_size = (
            meta["cmd"],
            meta["loads"],
            meta["repeats"],
            meta["batch_size"],
        )
    else:
        keep = Path(args.runs_dir) if args.runs_dir else Path(tempfile.mkdtemp(prefix="corpus_ray_"))
        keep.mkdir(parents=True, exist_ok=True)
        for rep in range(args.repeats):
            for config in args.configs.split(","):
                out = keep / f"{config}-{rep}.json"
                print(f"--- {config} (run {rep + 1} of {args.repeats})", file=sys.stderr, flush=True)
                env = dict(os.environ)
                threads = CONFIGS[config][2]
                if threads:
                    env |= {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
                flag = ["--keep-results"] if rep == 0 else []
                argv = [sys.executable, __file__, "--one", config, "--n", str(args.n), "--batch-size",
                        str(args.batch_size), "--out", str(out), *flag]  # fmt: skip
                subprocess.run(argv, check=True, cwd=ROOT, env=env)
                runs.append(json.loads(out.read_text(encoding="utf-8")))
        loads.append(os.getloadavg()[0])
        meta = {"cmd": cmd, "loads": loads, "repeats": args.repeats, "batch_size": args.batch_size}
        (keep / "meta.txt").write_text(json.dumps(meta), encoding="utf-8")
    sys.path.insert(0, str(ROOT))
    report = write_report(runs, args, loads, cmd)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
