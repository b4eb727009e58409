"""Redundancy filters on top of the default summariser's ranking, scored by split (exploratory).

Usage:  python benchmarks/summary_redundancy.py

Same data, sentence splitter, vectors, scorer and split rule as ``summary_rouge.py``: the default ranking,
then the top 3 sentences chosen greedily while skipping a sentence that shares an n-gram (BERTSum-style
trigram blocking; n = 2, 3, 4) or whose MiniLM cosine to one already chosen exceeds a threshold.
Prints ROUGE-2 F1 on split A (even positions), split B and all 125; the numbers are quoted in
``reports/summary_rouge.md``. None passes the adoption rule (split A +0.2).
"""

import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary_rouge import DEFAULT_DATA, tokenized_sentences

_W = re.compile(r"[a-z0-9]+")


def grams(text: str, n: int) -> set[tuple[str, ...]]:
    w = _W.findall(text.lower())
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def pick(texts: list[str], scores: np.ndarray, vecs: np.ndarray, mode: str, k: int = 3) -> str:
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if not np.isfinite(scores[i]):
            continue
        if mode.startswith("tri"):
            n = int(mode[3:])
            if any(grams(texts[i], n) & grams(texts[j], n) for j in chosen):
                continue
        if mode.startswith("cos") and any(float(vecs[i] @ vecs[j]) > float(mode[3:]) for j in chosen):
            continue
        chosen.append(int(i))
        if len(chosen) == k:
            break
    return "\n".join(texts[i] for i in sorted(chosen))


def main() -> int:
    path = DEFAULT_DATA / "cnndm_frank_dev125.jsonl"
    if not path.is_file():
        print(f"Shared data not found at {path}; nothing to measure.")
        return 0
    from rouge_score import rouge_scorer

    from statement_lens.models import create
    from statement_lens.summary.extractive import body_sentences, rank_sentences

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    emb = create("embedder", "embedder.minilm.v1")
    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    cache = []
    for d in docs:
        texts = [s.text for s in body_sentences(d["article"])]
        vecs = np.asarray(emb.embed(texts), dtype=np.float32)
        cache.append((texts, rank_sentences(vecs, np.array([len(t.split()) for t in texts])), vecs))
    refs = [tokenized_sentences(d["reference"]) for d in docs]
    split_a = np.arange(len(docs)) % 2 == 0
    for mode in ["none", "tri2", "tri3", "tri4", "cos0.9", "cos0.8", "cos0.7", "cos0.6"]:
        r = 100 * np.array(
            [scorer.score(ref, pick(*c, mode))["rouge2"].fmeasure for c, ref in zip(cache, refs, strict=True)]
        )
        print(f"{mode:8s} A {r[split_a].mean():.2f}  B {r[~split_a].mean():.2f}  all {r.mean():.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
