"""Scoring for ``quotes_polnear.py``: gold and predicted records, matching, counts, loading and splits."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quotes_polnear_errors import Case

Doc = tuple[str, str, list["Gold"]]


@dataclass
class Pred:
    pieces: list[tuple[int, int]]
    speaker_span: tuple[int, int] | None = None
    speaker: str | None = None
    confidence: float | None = None
    key: str | None = None  # the attribution pattern the confidence is calibrated on


@dataclass
class Gold:
    pieces: list[tuple[int, int]]
    sources: list[tuple[int, int, str]]
    quoted: bool
    cues: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Counts:
    n_pred: int = 0  # counted predictions
    tp: int = 0  # matched predictions
    tp_attr: int = 0  # matched predictions with the right speaker
    n_gold: int = 0
    gold_hit: int = 0
    gold_hit_attr: int = 0
    ignored: int = 0
    seconds: float = 0.0
    cases: list[tuple[str, Case]] = field(default_factory=list)  # (text, case) of wrong speakers
    scored: list[tuple[Pred, bool]] = field(default_factory=list)  # matched predictions with a speaker
    per_doc: list[tuple[int, int]] = field(default_factory=list)  # (right speakers, matched) per article

    def add(self, other: Counts) -> None:
        for name in ("n_pred", "tp", "tp_attr", "n_gold", "gold_hit", "gold_hit_attr", "ignored"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.cases += other.cases
        self.scored += other.scored
        self.per_doc += other.per_doc or [(other.tp_attr, other.tp)]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(pieces: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in pieces)


def matches(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> bool:
    """Overlap at least half of the shorter of the two."""
    ov = _overlap(pred, gold)
    return ov > 0 and ov >= 0.5 * min(_length(pred), _length(gold))


def speaker_right(pred: Pred, gold: Gold) -> bool:
    if pred.speaker_span is not None:
        ps, pe = pred.speaker_span
        if any(min(pe, ge) > max(ps, gs) for gs, ge, _ in gold.sources):
            return True
    if pred.speaker:
        surname = pred.speaker.split()[-1].strip(".,'’\"").lower()
        if len(surname) > 1 and any(
            re.search(r"\b" + re.escape(surname) + r"\b", txt.lower()) for _, _, txt in gold.sources
        ):
            return True
    return False


def score_doc(preds: list[Pred], golds: list[Gold], log: list[str] | None = None, text: str = "") -> Counts:
    c = Counts()
    quoted = [g for g in golds if g.quoted]
    unquoted = [g for g in golds if not g.quoted]
    c.n_gold = len(quoted)
    hit: dict[int, bool] = {}  # gold index -> matched with right speaker?
    for p in sorted(preds, key=lambda p: p.pieces[0][0]):
        cands = [i for i, g in enumerate(quoted) if matches(p.pieces, g.pieces)]
        fresh = [i for i in cands if i not in hit]
        if fresh:
            i = max(fresh, key=lambda i: _overlap(p.pieces, quoted[i].pieces))
            right = speaker_right(p, quoted[i])
            hit[i] = right
            c.n_pred += 1
            c.tp += 1
            c.tp_attr += int(right)
            if p.speaker:
                c.scored.append((p, right))
            if not right:
                g = quoted[i]
                c.cases.append((text, Case(g.pieces, g.sources, g.cues, p.speaker_span)))
            if log is not None and not right:
                g = quoted[i]
                sp = text[p.speaker_span[0] : p.speaker_span[1]] if p.speaker_span else None
                log.append(
                    f"WRONG SPEAKER pred={p.speaker!r} mention={sp!r} key={p.key} "
                    f"gold={[t for _, _, t in g.sources]!r} | {_ctx(text, p.pieces)}"
                )
        elif cands or any(_overlap(p.pieces, g.pieces) > 0 for g in unquoted):
            c.ignored += 1
        else:
            c.n_pred += 1
            if log is not None:
                log.append(f"FALSE POSITIVE speaker={p.speaker!r} | {_ctx(text, p.pieces)}")
    c.gold_hit = len(hit)
    c.gold_hit_attr = sum(hit.values())
    if log is not None:
        for i, g in enumerate(quoted):
            if i not in hit:
                log.append(f"MISSED gold={[t for _, _, t in g.sources]!r} | {_ctx(text, g.pieces)}")
    return c


def _ctx(text: str, pieces: list[tuple[int, int]]) -> str:
    s, e = pieces[0][0], pieces[-1][1]
    snippet = text[max(0, s - 200) : s] + "[[" + text[s:e][:160] + "]]" + text[e : e + 160]
    return snippet.replace("\n", "\\n")


def load(path: Path) -> list[Doc]:
    docs = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            golds = [
                Gold(
                    pieces=[(c["start"], c["end"]) for c in a["content"]],
                    sources=[(s["start"], s["end"], s["text"]) for s in a["source"]],
                    quoted=bool(a["content_has_quote_marks"]),
                    cues=[(c["start"], c["end"]) for c in a.get("cue") or []],
                )
                for a in r["attributions"]
                if a["content"]
            ]
            docs.append((r["article"], r["text"], golds))
    return docs


def split_train(docs: list[Doc]) -> tuple[list[Doc], list[Doc]]:
    """(shape half, held half): by the parity of the SHA-1 of the article id -- stable across runs."""
    odd = [int(hashlib.sha1(a.encode("utf-8")).hexdigest(), 16) % 2 for a, _, _ in docs]
    return [d for d, o in zip(docs, odd, strict=True) if not o], [
        d for d, o in zip(docs, odd, strict=True) if o
    ]


def prf(tp: int, n_pred: int, gold_hit: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = gold_hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    system: Callable[[str], list[Pred]] | None,
    docs: Iterable[Doc],
    log: list[str] | None,
    preds: list[list[Pred]] | None = None,
) -> Counts:
    """Score ``system`` on ``docs`` (or the predictions ``preds`` made earlier, one list per document)."""
    total = Counts()
    for k, (article, text, golds) in enumerate(docs):
        t0 = time.perf_counter()
        got = preds[k] if preds is not None else system(text)  # type: ignore[misc]
        total.seconds += time.perf_counter() - t0
        if log is not None:
            log.append(f"## {article}")
        total.add(score_doc(got, golds, log, text))
    return total


def speaker_interval(c: Counts, rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% bootstrap interval of speaker accuracy, resampling whole articles (fixed seed)."""
    import random

    rng = random.Random(seed)
    docs = [d for d in c.per_doc if d[1]]
    if not docs:
        return 0.0, 0.0
    accs = []
    for _ in range(rounds):
        sample = [docs[rng.randrange(len(docs))] for _ in docs]
        accs.append(sum(r for r, _ in sample) / sum(m for _, m in sample))
    accs.sort()
    return accs[int(0.025 * rounds)], accs[int(0.975 * rounds) - 1]


def row(name: str, split: str, n_docs: int, c: Counts) -> str:
    sp, sr, sf = prf(c.tp, c.n_pred, c.gold_hit, c.n_gold)
    ap_, ar, af = prf(c.tp_attr, c.n_pred, c.gold_hit_attr, c.n_gold)
    acc = c.tp_attr / c.tp if c.tp else 0.0
    return (
        f"| {name} | {split} ({n_docs}) | {c.n_gold} | {sp:.3f} | {sr:.3f} | **{sf:.3f}** | **{acc:.3f}** "
        f"| {ap_:.3f} | {ar:.3f} | **{af:.3f}** | {c.n_pred} / {c.tp} / {c.ignored} | {c.seconds:.1f} |\n"
    )


TABLE_HEAD = (
    "| system | set (articles) | gold | span P | span R | span F1 | speaker acc. (matched) | attributed P "
    "| attributed R | attributed F1 | predictions counted / matched / ignored | seconds |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)
