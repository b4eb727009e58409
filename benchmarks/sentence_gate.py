"""What the sentence gate removes: speech sentences x proposed targets that the stance model never sees.

Run from the repository root:  python benchmarks/sentence_gate.py [--statements 6] [--sample 12]

A statement without quotations is analysed sentence by sentence. This script analyses UN General Debate
statements of 2023 with the default models and the sentence gate switched off (every sentence x target pair
goes to the stance model), then reports, for the gate "target mentioned or MiniLM cosine >= t", the share of
pairs kept and the share of the model's favor/against labels kept, and prints a random sample of the
favor/against labels the default gate would drop, for a person to read. There is no gold stance for speech
sentences: the sample is the evidence, and it is printed in the report as it came.

Reads ../shared/data/speeches/un_general_debate/2023 (exits 0 with a message when absent).
Writes benchmarks/reports/sentence_gate.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "speeches" / "un_general_debate" / "2023"
REPORT = ROOT / "benchmarks" / "reports" / "sentence_gate.md"
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def collect(paths: list[Path]) -> tuple[pd.DataFrame, str]:
    """Stance rows of every sentence-unit statement with the gate off, plus cosine and mention columns."""
    from statement_lens.config import Settings
    from statement_lens.ingest import load_statement
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.services import load_services
    from statement_lens.stance.heuristic import target_mentioned

    services = load_services(Settings(sentence_gate_cosine=-1.0))
    frames = []
    for p in paths:
        a = analyze(load_statement(p), None, services=services)
        if a.units.empty or set(a.units["unit_type"]) != {"sentence"}:
            continue
        st = a.stance.assign(statement=p.name)
        st["mentioned"] = [target_mentioned(t, g) for t, g in zip(st["unit_text"], st["target"], strict=True)]
        emb = services.embedder
        st["cosine"] = np.einsum("ij,ij->i", emb.embed(list(st["unit_text"])), emb.embed(list(st["target"])))
        frames.append(st)
    return pd.concat(frames, ignore_index=True), services.settings.stance


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and write the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--statements", type=int, default=12, help="first N 2023 statements (quoted ones skipped)"
    )
    ap.add_argument("--sample", type=int, default=12, help="dropped favor/against labels to print")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"UN General Debate data not found at {DATA}; nothing to measure.")
        return 0
    from statement_lens.config import Settings

    default = Settings().sentence_gate_cosine
    t0 = time.perf_counter()
    df, model = collect(sorted(DATA.glob("*.txt"))[: args.statements])
    seconds = time.perf_counter() - t0
    stance = df["label"] != "none"
    lines = [
        "# Sentence gate: speech sentences x targets kept from the stance model",
        "",
        "- Command: `python benchmarks/sentence_gate.py "
        f"--statements {args.statements} --sample {args.sample}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {commit()}",
        f"- Machine: {machine()}",
        f"- Data: the first {args.statements} UN General Debate 2023 statements; "
        f"{df['statement'].nunique()} of them have no attributed quotation and are analysed by sentences "
        f"({len(df):,} sentence x proposed-target pairs, 5 targets each). Stance model `{model}`, "
        f"run on every pair (gate off); {seconds:.0f} s in all.",
        f"- The model called **{stance.mean():.1%}** of these pairs favor or against.",
        "",
        "| gate: target mentioned or cosine >= | pairs kept | favor/against labels kept |",
        "|---|---:|---:|",
    ]
    for t in (*THRESHOLDS, float("inf")):
        keep = df["mentioned"] | (df["cosine"] >= t)
        name = "mention only" if t == float("inf") else f"{t:.2f}" + (" (default)" if t == default else "")
        lines.append(f"| {name} | {keep.mean():.1%} | {(keep & stance).sum() / max(1, stance.sum()):.1%} |")
    dropped = df[stance & ~(df["mentioned"] | (df["cosine"] >= default))]
    sample = dropped.sample(min(args.sample, len(dropped)), random_state=0)
    lines += [
        "",
        f"## A random sample of the {len(dropped):,} favor/against labels the default gate turns into 'none'",
        "",
        "Read them: does the sentence take a stance toward the target?",
        "",
        "| model label (confidence) | cosine | target | sentence |",
        "|---|---:|---|---|",
    ]
    for r in sample.itertuples():
        text = str(r.unit_text).replace("|", "/")[:200]
        lines.append(f"| {r.label} ({r.confidence:.2f}) | {r.cosine:.2f} | {r.target} | {text} |")
    lines += [
        "",
        "Not measured: no gold stance exists for speech sentences, so neither precision nor recall of the",
        "gate is known; quotations and transcript turns are never gated this way.",
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
