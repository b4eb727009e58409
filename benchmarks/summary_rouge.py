"""ROUGE of the default summariser on 125 CNN/DailyMail articles, beside lead-3 and five published systems.

Usage:  python benchmarks/summary_rouge.py [--data ../shared/data/summaries/frank_cnndm_dev]

One ROUGE implementation for every row: Google's ``rouge-score`` (ROUGE-1, ROUGE-2 and summary-level
ROUGE-Lsum F1, Porter stemming), references and outputs split into sentences the same way. The five
systems' outputs (BART, BERTSum, BUS, PGN, S2S) ship with the FRANK data; lead-3 and our summaries are
computed here with the package's sentence splitter. The summariser's ranking parameters were chosen
on the even-numbered half of these articles (split A); the odd half (split B) was not used to choose
them, so its column is the fairer comparison. Every sentence of ours is also checked for names and
numbers that are absent from its article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "summaries" / "frank_cnndm_dev"
REPORT = ROOT / "benchmarks" / "reports" / "summary_rouge.md"
SYSTEMS = {"bart": "BART", "bert_sum": "BERTSum", "bus": "BUS", "pgn": "PGN", "s2s": "S2S"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def tokenized_sentences(text: str) -> str:
    """CNN/DM-style tokenised text (`` . `` between sentences) → one sentence per line."""
    return "\n".join(s.strip() for s in re.split(r"(?<= \.) ", text) if s.strip())


def numbers_missing(summary: str, source: str) -> int:
    src = {n.replace(",", "") for n in _NUMBER.findall(source)}
    return sum(1 for n in _NUMBER.findall(summary) if n.replace(",", "") not in src)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args(argv)
    path = args.data / "cnndm_frank_dev125.jsonl"
    if not path.is_file():
        print(f"Shared data not found at {args.data}; nothing to measure (expected outside the team's CI).")
        return 0

    from rouge_score import rouge_scorer

    from statement_lens.models import create
    from statement_lens.models.summarize_extractive import ExtractiveSummarizer, split_sentences
    from statement_lens.summary import summarize, unsupported_tokens

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    refs = [tokenized_sentences(d["reference"]) for d in docs]
    split_a = np.arange(len(docs)) % 2 == 0

    t0 = time.perf_counter()
    emb = create("embedder", "embedder.minilm.v1")
    load_s = time.perf_counter() - t0

    outputs: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    ours_sentences: list[list[str]] = []
    t0 = time.perf_counter()
    for d in docs:
        s = summarize(d["article"], embedder=emb, max_sentences=3)
        ours_sentences.append([x.text for x in s.sentences])
    ours_s = time.perf_counter() - t0
    outputs["**ours: extractive default** (directed centrality + lead prior)"] = [
        "\n".join(s) for s in ours_sentences
    ]
    notes["**ours: extractive default** (directed centrality + lead prior)"] = "ours"
    outputs["lead-3 (same sentence splitter)"] = [
        "\n".join(s.text for s in split_sentences(d["article"])[:3]) for d in docs
    ]
    notes["lead-3 (same sentence splitter)"] = "baseline"

    def variant(label: str, make: Callable[[], ExtractiveSummarizer]) -> None:
        summ = make()
        outputs[label] = ["\n".join(x.text for x in summ.summarize(d["article"]).sentences) for d in docs]
        notes[label] = "variant"

    variant(
        "directed centrality alone (no lead prior)", lambda: ExtractiveSummarizer(emb, position_weight=0.0)
    )
    variant(
        "centroid similarity + lead prior (beta=0: every edge kept, undirected)",
        lambda: ExtractiveSummarizer(emb, beta=0.0, backward_weight=0.5),
    )
    for key, name in SYSTEMS.items():
        outputs[f"{name} (published output)"] = [
            tokenized_sentences(d["system_summaries"][key]) for d in docs
        ]
        notes[f"{name} (published output)"] = "published system"

    results: dict[str, np.ndarray] = {}
    for label, outs in outputs.items():
        results[label] = np.array(
            [
                [scorer.score(ref, out)[k].fmeasure for k in ("rouge1", "rouge2", "rougeLsum")]
                for ref, out in zip(refs, outs, strict=True)
            ]
        )

    ours_label = next(iter(outputs))
    rng = np.random.default_rng(0)

    def paired_ci(other: str) -> tuple[float, float, float]:
        diff = (results[ours_label][:, 1] - results[other][:, 1]) * 100
        boots = [diff[rng.integers(0, len(diff), len(diff))].mean() for _ in range(2000)]
        return float(diff.mean()), float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))

    unsupported = [
        (i, sent, unsupported_tokens(sent, docs[i]["article"]))
        for i, sents in enumerate(ours_sentences)
        for sent in sents
    ]
    flagged = [u for u in unsupported if u[2]]
    missing_numbers = {
        name: sum(
            numbers_missing(o, d["article"])
            for o, d in zip(outputs[f"{name} (published output)"], docs, strict=True)
        )
        for name in SYSTEMS.values()
    }
    offsets_ok = all(sent in docs[i]["article"] for i, sents in enumerate(ours_sentences) for sent in sents)

    lines = [
        "# Summaries: ROUGE on CNN/DailyMail (FRANK sample)",
        "",
        f"- Command: `python benchmarks/summary_rouge.py` (commit {commit()})",
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine()} (shared with other jobs while it ran)",
        f"- Data: `../shared/data/summaries/frank_cnndm_dev/{path.name}` — {len(docs)} CNN/DailyMail test "
        "articles with reference highlights and the outputs of five published systems (FRANK). Split A = "
        f"even positions ({int(split_a.sum())}), split B = odd positions ({int((~split_a).sum())}).",
        "- Scorer: `rouge-score` 0.1.2, F1, Porter stemmer; ROUGE-L is the summary-level ROUGE-Lsum over "
        "newline-separated sentences. Ours and lead-3: 3 sentences; systems: their published length.",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | R-2 split A | R-2 split B | words | kind |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, r in results.items():
        words = np.mean([len(o.split()) for o in outputs[label]])
        r1, r2, rl = r.mean(0) * 100
        ra, rb = r[split_a, 1].mean() * 100, r[~split_a, 1].mean() * 100
        lines.append(
            f"| {label} | {r1:.2f} | {r2:.2f} | {rl:.2f} | {ra:.2f} | {rb:.2f} | {words:.1f} "
            f"| {notes[label]} |"
        )
    d_lead = paired_ci("lead-3 (same sentence splitter)")
    d_bert = paired_ci("BERTSum (published output)")
    lines += [
        "",
        "Words: mean whitespace tokens per summary (the published outputs are tokenised, so punctuation "
        "counts as tokens there).",
        "",
        "Paired bootstrap (2,000 resamples of the 125 articles) of ROUGE-2 differences, ours minus:",
        f"- lead-3: {d_lead[0]:+.2f} (95% interval {d_lead[1]:+.2f} to {d_lead[2]:+.2f})",
        f"- BERTSum: {d_bert[0]:+.2f} (95% interval {d_bert[1]:+.2f} to {d_bert[2]:+.2f})",
        "",
        "Against the issue's target (ROUGE-2 above lead-3 and at least BERTSum's): above lead-3 "
        f"{'met' if d_lead[0] > 0 else 'NOT met'} ({'not ' if d_lead[1] <= 0 else ''}significant at 95%); "
        f"at least BERTSum {'met' if d_bert[0] >= 0 else 'NOT met'}.",
        "",
        f"Source support: {len(unsupported)} summary sentences of ours checked; {len(flagged)} contain a "
        "name or "
        "number absent from their article (`statement_lens.summary.unsupported_tokens`); every sentence "
        f"occurs verbatim in its article: {offsets_ok}. For comparison, numbers absent from the article "
        "(the published outputs are lower-cased, so names cannot be checked): "
        + ", ".join(f"{name} {missing_numbers[name]}" for name in SYSTEMS.values())
        + ".",
        "",
        f"Speed: encoder load {load_s:.1f} s; our summariser {1000 * ours_s / len(docs):.0f} ms per article "
        "(including sentence embedding, on the shared machine).",
        "",
        "Parameters (`ExtractiveSummarizer` defaults): edge threshold beta 0.6, weight of edges to earlier "
        "sentences -0.5, lead prior weight 3 with decay 12 sentences, sentences under 6 words skipped. "
        "They were chosen by a small grid on split A (lead-prior weight, decay, beta, backward weight; also "
        "tried and dropped: MMR redundancy penalty, trigram blocking, a word budget, TF-IDF centrality — "
        "none helped consistently on both halves). Differences of a few tenths of a ROUGE point between the "
        "halves "
        "are within noise on 62 articles.",
        "",
        "Not measured: human judgements of faithfulness or usefulness; other genres (official statements, "
        "speeches, transcripts — no reference summaries here); the `seq2seq` and `causal` backends; "
        "GovReport/Multi-News.",
        "",
    ]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if flagged:
        for i, sent, toks in flagged[:10]:
            print(f"article {i}: {toks} in {sent!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
