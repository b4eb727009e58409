"""Ceremonial sentences in summaries of speeches, with and without the summariser's ceremony filter.

Usage:  python benchmarks/summary_ceremony.py [--report benchmarks/reports/summary_ceremony.md]

Speeches open with protocol ("Mr. President, Excellencies,", "I congratulate His Excellency … on assuming
the Presidency", "Well, thank you very much, everybody."), and a lead-biased extractive summariser picks it.
This script summarises real speeches (50 UN General Debate statements of 2024, 20 State of the Union
addresses) with the default summariser, once with ``skip_ceremonial=False`` and once with the default
``True``, and reports how many summaries contain a sentence the detector calls ceremonial, where the first
chosen sentence sits, and examples side by side. It also lists every sentence the detector flags in 10
speeches (for reading: the detector's precision is checked by eye, not by the detector), and which CAP
topics those sentences got before the analysis started sending them to "Other". Non-regression on text
with reference summaries: ROUGE-2 on the 125 CNN/DailyMail articles and the 14 GovReport reports.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine
from summary_rouge import DEFAULT_DATA, tokenized_sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "summary_ceremony.md"


def _summaries(summ, texts: list[str]) -> list[list[tuple[int, str]]]:
    from statement_lens.summary.extractive import body_sentences

    out = []
    for text in texts:
        starts = [s.start for s in body_sentences(text)]
        out.append(
            [
                (starts.index(s.start) if s.start in starts else -1, s.text)
                for s in summ.summarize(text).sentences
            ]
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args(argv)
    un_dir, sotu_dir = (
        DATA / "speeches" / "un_general_debate" / "2024",
        DATA / "speeches" / "state_of_the_union",
    )
    if not un_dir.is_dir():
        print(f"{un_dir} not found: the shared data is needed. Nothing measured.")
        return 0
    from rouge_score import rouge_scorer

    from statement_lens.models import create
    from statement_lens.summary.extractive import ExtractiveSummarizer, body_sentences
    from statement_lens.text.ceremony import is_ceremonial

    t0 = time.time()
    emb = create("embedder", "embedder.minilm.v1")
    off, on = ExtractiveSummarizer(emb, skip_ceremonial=False), ExtractiveSummarizer(emb)
    un = sorted(un_dir.glob("*.txt"))[:50]
    sotu = sorted((sotu_dir / "speeches").glob("*.txt"))[-20:]
    lines = [
        "# Ceremonial sentences in speech summaries",
        "",
        f"- Command: `python benchmarks/summary_ceremony.py`; commit {commit()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {machine()}",
        "- Summariser: the default extractive one (3 sentences); `skip_ceremonial=False` vs the default "
        "`True` (`statement_lens.text.ceremony.is_ceremonial`: forms of address, thanks, congratulations, "
        "blessings).",
        "",
        "| set | texts | summaries with a ceremonial sentence: filter off | filter on | median position "
        "of the first chosen sentence: off | on | summaries changed |",
        "|---|---|---|---|---|---|---|",
    ]
    examples = []
    for name, files in (
        ("UN General Debate 2024 (first 50 by file name)", un),
        ("State of the Union (last 20)", sotu),
    ):
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
        a, b = _summaries(off, texts), _summaries(on, texts)
        cer_a = sum(any(is_ceremonial(t) for _, t in s) for s in a)
        cer_b = sum(any(is_ceremonial(t) for _, t in s) for s in b)
        changed = sum(x != y for x, y in zip(a, b, strict=True))
        lines.append(
            f"| {name} | {len(texts)} | {cer_a} | {cer_b} | {np.median([s[0][0] for s in a if s]):.0f} | "
            f"{np.median([s[0][0] for s in b if s]):.0f} | {changed} |"
        )
        for f, x, y in zip(files, a, b, strict=True):
            if x != y and len(examples) < 6 + (name.startswith("State") * 3):
                examples.append((f.name, x[0][1], y[0][1]))
    lines += ["", "## First summary sentence, filter off → on (first changed summaries of each set)", ""]
    for fname, x, y in examples:
        lines.append(f"- `{fname}`: “{' '.join(x.split())[:220]}” → “{' '.join(y.split())[:220]}”")
    lines += ["", "## Every sentence the detector flags in 10 UN speeches (read for precision)", ""]
    for f in un[:10]:
        flagged = [
            s.text
            for s in body_sentences(f.read_text(encoding="utf-8", errors="replace"))
            if is_ceremonial(s.text)
        ]
        lines.append(
            f"- `{f.name}` ({len(flagged)}): " + " | ".join(f"“{' '.join(t.split())[:110]}”" for t in flagged)
        )
    # Topic emphasis: what the protocol sentences were assigned before they went to "Other".
    from collections import Counter

    from statement_lens.topics import assign_topics

    taxonomy = "cap"
    had: Counter[str] = Counter()
    n_sent = n_cer = w_all = w_cer = 0
    for f in un[:10]:
        texts = [s.text for s in body_sentences(f.read_text(encoding="utf-8", errors="replace"))]
        cer = [t for t in texts if is_ceremonial(t)]
        n_sent, n_cer = n_sent + len(texts), n_cer + len(cer)
        w_all += sum(len(t.split()) for t in texts)
        w_cer += sum(len(t.split()) for t in cer)
        had.update(a.topic for a in assign_topics(cer, taxonomy=taxonomy, embedder=emb))
    lines += [
        "",
        '## Topic emphasis: protocol sentences now count as "Other"',
        "",
        f"In the same 10 UN speeches, {n_cer} of {n_sent} sentences ({n_cer / n_sent:.1%}) and {w_cer} of "
        f"{w_all} words ({w_cer / w_all:.1%}) are ceremonial. The CAP taxonomy gave them: "
        + ", ".join(f"{k} {v}" for k, v in had.most_common())
        + '. The analysis now assigns them "Other", so share-by-sentences no longer credits salutation '
        "lines to a policy topic.",
    ]
    # Non-regression where references exist.
    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    lines += [
        "",
        "## ROUGE-2 F1 where references exist (non-regression)",
        "",
        "| set | filter off | filter on | summaries changed |",
        "|---|---|---|---|",
    ]
    cnn = [
        json.loads(x)
        for x in (DEFAULT_DATA / "cnndm_frank_dev125.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    gov = [
        json.loads(x)
        for x in (DATA / "summaries" / "govreport_multinews" / "govreport_clean.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if x.strip()
    ]
    for name, docs, art, ref in (
        ("CNN/DailyMail (FRANK, 125)", cnn, "article", lambda d: tokenized_sentences(d["reference"])),
        ("GovReport (14)", gov, "document", lambda d: d["reference_summary"]),
    ):
        outs = {}
        for label, summ in (("off", off), ("on", on)):
            outs[label] = ["\n".join(s.text for s in summ.summarize(d[art]).sentences) for d in docs]
        r = {
            k: 100
            * np.mean([scorer.score(ref(d), o)["rouge2"].fmeasure for d, o in zip(docs, v, strict=True)])
            for k, v in outs.items()
        }
        changed = sum(x != y for x, y in zip(outs["off"], outs["on"], strict=True))
        lines.append(f"| {name} | {r['off']:.2f} | {r['on']:.2f} | {changed} |")
    lines += ["", f"Run time {time.time() - t0:.0f} s."]
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
