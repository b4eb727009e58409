"""The sentence encoder's int8 build beside its fp32 build: topics, summaries, the sentence gate, the seed.

Run from the repository root (writes benchmarks/reports/embedder_int8.md):

    python benchmarks/embedder_int8.py [--statements 6] [--speed-runs 15]

Both builds of ``embedder.minilm.v1`` on ONNX Runtime, in one process, on the same inputs:

* CAP topics (``benchmarks/topics_cap.py``'s data and scoring): ``assign_topics`` accuracy on the NYT
  headlines and the bill titles, how many topics change, the cosine of the two builds' vectors;
* summaries (``benchmarks/summary_rouge.py``'s data and scorer): ROUGE of the default summariser, how
  many of the 125 summaries change;
* the sentence gate (``stance/gate.py``): sentence x proposed-target pairs of the first UN General Debate
  statements of 2023, how many gate decisions (mention, or cosine >= ``sentence_gate_cosine``) change;
* the seed: a whole ``analyze()`` with each build (topics, stance labels and probabilities, summary);
* speed: the seed's encoder texts (sentences, units, the stance code's sentences and target), empty
  cache, the two builds alternating.

Data from ../shared/data (a part whose data is absent is skipped and says so).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "embedder_int8.md"
SEED = DATA / "seed" / "nato_stoltenberg_defence_production.txt"
BUILDS = ("fp32", "int8")


def services_for(embedder: Any) -> Any:
    """Default models around one encoder (the stance backend and summariser share it)."""
    from statement_lens.config import Settings
    from statement_lens.models import create
    from statement_lens.services import Services, warm_up
    from statement_lens.topics import load_taxonomy

    settings = Settings()
    s = Services(settings=settings, embedder=embedder, taxonomy=load_taxonomy(settings.taxonomy))
    s.stance = create("stance", settings.stance, settings=settings, embedder=embedder)
    s.summarizer = create("summarizer", settings.summarizer, settings=settings, embedder=embedder)
    warm_up(s)
    return s


def topics_rows(emb: dict[str, Any]) -> list[str]:
    from topics_cap import to_us

    from statement_lens.topics import OTHER, assign_topics

    folder = DATA / "topics" / "cap"
    if not (folder / "nytimes_headlines_cap_dev.csv").is_file():
        return ["CAP data not found: skipped."]
    out = [
        "| data | n | accuracy fp32 | accuracy int8 | in Other fp32 / int8 | topics changed | "
        "cosine int8 vs fp32: min / 1st pct / mean |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, file, col in (
        ("NYT headlines", "nytimes_headlines_cap_dev.csv", "headline"),
        ("bill titles", "us_congress_bill_titles_cap.csv", "bill_title"),
    ):
        df = pd.read_csv(folder / file)
        df = df[df["cap_major_topic"].between(1, 21)].reset_index(drop=True)
        y, texts = df["cap_major_topic"].to_numpy(), df[col].tolist()
        codes, other = {}, {}
        for b in BUILDS:
            assigned = assign_topics(texts, "cap", embedder=emb[b])
            codes[b] = np.array([a.code for a in assigned], dtype=object)
            other[b] = float(np.mean([a.topic == OTHER for a in assigned]))
        cos = np.einsum("ij,ij->i", emb["fp32"].embed(texts), emb["int8"].embed(texts))
        changed = int(sum(a != b for a, b in zip(codes["fp32"], codes["int8"], strict=True)))
        out.append(
            f"| {name} | {len(y)} | {np.mean(to_us(codes['fp32']) == y):.4f} | "
            f"{np.mean(to_us(codes['int8']) == y):.4f} | {other['fp32']:.4f} / {other['int8']:.4f} | "
            f"{changed} ({changed / len(y):.1%}) | {cos.min():.4f} / {np.percentile(cos, 1):.4f} / "
            f"{cos.mean():.4f} |"
        )
    return out


def summary_rows(emb: dict[str, Any]) -> list[str]:
    from rouge_score import rouge_scorer
    from summary_rouge import tokenized_sentences

    from statement_lens.summary import summarize

    path = DATA / "summaries" / "frank_cnndm_dev" / "cnndm_frank_dev125.jsonl"
    if not path.is_file():
        return ["FRANK CNN/DM data not found: skipped."]
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    refs = [tokenized_sentences(d["reference"]) for d in docs]
    outs: dict[str, list[str]] = {}
    out = ["| build | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |", "|---|---:|---:|---:|"]
    for b in BUILDS:
        outs[b] = [
            "\n".join(x.text for x in summarize(d["article"], embedder=emb[b], max_sentences=3).sentences)
            for d in docs
        ]
        scores = [scorer.score(r, o) for r, o in zip(refs, outs[b], strict=True)]
        means = [100 * np.mean([s[k].fmeasure for s in scores]) for k in ("rouge1", "rouge2", "rougeLsum")]
        out.append(f"| {b} | {means[0]:.2f} | {means[1]:.2f} | {means[2]:.2f} |")
    same = sum(a == b for a, b in zip(outs["fp32"], outs["int8"], strict=True))
    out += ["", f"Summaries identical: {same} of {len(docs)} (3 sentences each, the default summariser)."]
    return out


def gate_rows(emb: dict[str, Any], n_statements: int) -> list[str]:
    from types import SimpleNamespace

    from statement_lens.config import Settings
    from statement_lens.ingest import load_statement
    from statement_lens.pipeline import units
    from statement_lens.stance.gate import sentence_gate
    from statement_lens.stance.targets import propose_targets

    folder = DATA / "speeches" / "un_general_debate" / "2023"
    paths = sorted(folder.glob("*.txt"))[:n_statements]
    if not paths:
        return ["UN General Debate data not found: skipped."]
    settings = Settings()
    pairs: list[tuple[str, str]] = []
    for p in paths:
        stmt = load_statement(p)
        sentences = units.sentence_frame(stmt, units.segment(stmt))
        targets = propose_targets(stmt.text, title=stmt.title, exclude=[stmt.speaker] if stmt.speaker else [])
        pairs += [(str(t), g) for t in sentences["text"] for g in targets]
    keep = {
        b: np.array(
            sentence_gate(SimpleNamespace(embedder=emb[b], settings=settings), pairs, [True] * len(pairs))
        )
        for b in BUILDS
    }
    flips = int((keep["fp32"] != keep["int8"]).sum())
    only_fp32 = int((keep["fp32"] & ~keep["int8"]).sum())
    only_int8 = int((~keep["fp32"] & keep["int8"]).sum())
    return [
        f"First {len(paths)} UN General Debate 2023 statements, every sentence x 5 proposed targets "
        f"({len(pairs):,} pairs), gate = target mentioned or cosine >= {settings.sentence_gate_cosine}:",
        "",
        "| build | pairs kept |",
        "|---|---:|",
        *(f"| {b} | {keep[b].sum():,} ({keep[b].mean():.1%}) |" for b in BUILDS),
        "",
        f"Decisions that differ: {flips} of {len(pairs):,} ({flips / len(pairs):.2%}); kept by fp32 only "
        f"{only_fp32}, by int8 only {only_int8}.",
    ]


def seed_rows(services: dict[str, Any]) -> tuple[list[str], list[str]]:
    from statement_lens.ingest import load_statement
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.stance.targets import propose_targets

    if not SEED.is_file():
        return ["Seed not found: skipped."], []
    stmt = load_statement(SEED)
    targets = propose_targets(stmt.text)
    a = {b: analyze(stmt, targets, services=services[b]) for b in BUILDS}
    st = {b: a[b].stance for b in BUILDS}
    probs = ["p_favor", "p_against", "p_none"]
    dp = float(np.abs(st["fp32"][probs].to_numpy() - st["int8"][probs].to_numpy()).max())
    ds = float(np.abs(a["fp32"].sentences["topic_score"] - a["int8"].sentences["topic_score"]).max())
    same = lambda f: "identical" if f("fp32") == f("int8") else "**differ**"  # noqa: E731
    rows = [
        f"Targets: {', '.join(targets)}.",
        "",
        f"- sentence topics: {same(lambda b: list(a[b].sentences['topic']))}; unit topics: "
        f"{same(lambda b: list(a[b].units['topic']))}; largest topic-score difference {ds:.4f}",
        f"- stance labels ({len(st['fp32'])} unit x target rows): {same(lambda b: list(st[b]['label']))}; "
        f"bases {same(lambda b: list(st[b]['basis']))}; largest probability difference {dp:.4f}",
        f"- summary: {same(lambda b: [s.text for s in a[b].summary.sentences])}",
    ]
    texts = list(dict.fromkeys([*a["fp32"].sentences["text"], *a["fp32"].units["text"]]))
    return rows, texts


def speed_rows(emb: dict[str, Any], texts: list[str], runs: int) -> list[str]:
    times: dict[str, list[float]] = {b: [] for b in BUILDS}
    for _ in range(runs):
        for b in BUILDS:
            emb[b].clear_cache()
            t0 = time.perf_counter()
            emb[b].embed(texts)
            times[b].append(time.perf_counter() - t0)
    med = {b: statistics.median(v) for b, v in times.items()}
    return [
        "| build | seconds: median (min-max) |",
        "|---|---|",
        *(f"| {b} | {med[b]:.3f} ({min(times[b]):.3f}-{max(times[b]):.3f}) |" for b in BUILDS),
        "",
        f"int8 / fp32 = {med['int8'] / med['fp32']:.2f} ({runs} runs each, alternating, {len(texts)} texts).",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=6, help="UN statements for the gate comparison")
    ap.add_argument("--speed-runs", type=int, default=15)
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args(argv)

    from statement_lens.models.embedder import MiniLMEmbedder

    emb = {b: MiniLMEmbedder(runtime="onnx", precision=b) for b in BUILDS}
    load = os.getloadavg()
    t0 = time.perf_counter()
    seed, texts = seed_rows({b: services_for(emb[b]) for b in BUILDS})
    extra = []
    if texts:
        from statement_lens.stance.mentions import unit_sentences

        # the stance code's issue reading embeds the sentences of multi-sentence units and the targets
        extra = [u[s:e] for u in texts for s, e in unit_sentences(u) if len(unit_sentences(u)) > 1]
    sections = [
        ("CAP topics (`benchmarks/topics_cap.py` data, shipped `assign_topics`)", topics_rows(emb)),
        ("Summaries (`benchmarks/summary_rouge.py` data, 125 CNN/DailyMail articles)", summary_rows(emb)),
        ("Sentence gate", gate_rows(emb, args.statements)),
        ("The seed, whole analysis", seed),
    ]
    if texts:
        sections.append(
            ("Encoder speed on the seed's texts", speed_rows(emb, texts + extra, args.speed_runs))
        )
    lines = [
        "# Sentence encoder: int8 build beside fp32",
        "",
        f"- Command: `python benchmarks/embedder_int8.py --statements {args.statements} "
        f"--speed-runs {args.speed_runs}` (from the repository root)",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit()}",
        f"- Machine: {machine()}; load average at start {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}, at end "
        "{end}: shared, so the speed rows carry that noise",
        f"- Builds: `{emb['fp32'].onnx_path.name if emb['fp32'].onnx_path else '?'}` (fp32, the export) and "
        f"`{emb['int8'].onnx_path.name if emb['int8'].onnx_path else '?'}` (int8 weights per column, "
        "activations per token: `models/onnx_quant.py`, the stance model's scheme). Topic prototypes: the "
        "shipped fp32 vectors for both (`topics/taxonomies/cap.embedder.minilm.v1.npz`).",
        "",
    ]
    for title, rows in sections:
        lines += [f"## {title}", "", *rows, ""]
    end = os.getloadavg()
    lines[4] = lines[4].replace("{end}", f"{end[0]:.1f}/{end[1]:.1f}/{end[2]:.1f}")
    lines.append(f"Run time {time.perf_counter() - t0:.0f} s.")
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
