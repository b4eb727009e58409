"""Statement + models → one :class:`Analysis`: tidy DataFrames, a summary and provenance.

Data flows one way: segment → quotes → topics → stance → summary. Every stage that uses a model is
isolated: if it fails, ``Analysis.errors`` says which model and why, the other frames are still
filled, and ``Analysis.complete`` is False (the store refuses to save it as complete).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from statement_lens import __version__
from statement_lens.config import Settings
from statement_lens.errors import InputError, ModelError
from statement_lens.quotes.speech_speaker import attribute_speech
from statement_lens.services import Services, load_services
from statement_lens.stance.gate import GATED_OFF, is_question, sentence_gate
from statement_lens.stance.heuristic import make_result
from statement_lens.types import Statement, Summary, SummarySentence

SCHEMA_VERSION = 1
Progress = Callable[[str, float, str], None]

SENTENCE_COLUMNS = [
    "sentence_id", "start", "end", "text", "paragraph", "speaker",
    "topic", "topic_code", "topic_score", "n_words", "is_title",
]  # fmt: skip
QUOTE_COLUMNS = [
    "quote_id", "text", "start", "end", "speaker", "speaker_start", "speaker_end",
    "cue", "kind", "confidence", "flags", "topic", "topic_score",
]  # fmt: skip
UNIT_COLUMNS = ["unit_id", "unit_type", "text", "start", "end", "speaker", "topic", "topic_score"]
STANCE_COLUMNS = [
    "unit_id", "unit_text", "speaker", "target", "label",
    "p_favor", "p_against", "p_none", "confidence", "needs_review",
    "evidence_start", "evidence_end", "mentions", "basis",
]  # fmt: skip
TOPIC_COLUMNS = ["topic", "code", "share_words", "share_sentences", "n_sentences", "n_words"]
TOPIC_QUOTE_COLUMNS = ["topic", "unit_id", "relevance", "rank"]
UNIT_MIN_CONFIDENCE = 0.5  # quotes below this (or without a speaker) are not stance units
# Quotations are the stance units only when they make up at least this share of the body text. Measured
# (benchmarks/reports/units_mode.md): attributed quotations cover at most 4.5 % of 50 UN General Debate
# speeches and 2.6 % of 20 State of the Union addresses (a cited proverb, a guest's words), but a median
# 19 % of PolNeAR's news articles and 78 % of the seed press report. Below it, a speech is its sentences.
QUOTE_UNIT_MIN_SHARE = 0.05
_FRAMES = ("sentences", "quotes", "units", "stance", "topics", "topic_quotes")


@dataclass
class Analysis:
    """Everything the dashboard and CLI show about one statement."""

    statement: Statement
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    units: pd.DataFrame
    stance: pd.DataFrame
    topics: pd.DataFrame
    topic_quotes: pd.DataFrame
    summary: Summary
    targets: list[str]
    provenance: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when every stage ran."""
        return not self.errors

    @property
    def config_hash(self) -> str:
        """Hash of the configuration that produced this analysis."""
        return str(self.provenance.get("config_hash", ""))

    def to_json(self) -> str:
        """Serialise (frames as pandas table-orient JSON, which keeps dtypes)."""
        doc: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "statement": self.statement.to_dict(),
            "summary": _summary_to_dict(self.summary),
            "targets": list(self.targets),
            "provenance": self.provenance,
            "errors": list(self.errors),
            "timings": self.timings,
        }
        for name in _FRAMES:
            doc[name] = json.loads(getattr(self, name).to_json(orient="table", index=False))
        return json.dumps(doc, ensure_ascii=False)

    @classmethod
    def from_json(cls, s: str) -> Analysis:
        """Inverse of :meth:`to_json`; refuses unknown schema versions with a clear message."""
        doc = json.loads(s)
        version = doc.get("schema_version")
        if version != SCHEMA_VERSION:
            raise InputError(
                f"Analysis schema version {version!r} is not supported (expected {SCHEMA_VERSION}). "
                "Re-analyse the statement with this version of Statement Lens."
            )
        frames = {name: _read_frame(doc[name]) for name in _FRAMES}
        return cls(
            statement=Statement.from_dict(doc["statement"]),
            summary=_summary_from_dict(doc["summary"]),
            targets=list(doc["targets"]),
            provenance=doc["provenance"],
            errors=list(doc.get("errors", [])),
            timings=dict(doc.get("timings", {})),
            **frames,
        )


def _read_frame(part: dict[str, Any]) -> pd.DataFrame:
    """A frame from its table-orient JSON (parsed): columns and dtypes from the schema, no re-parsing.

    Equivalent to ``pd.read_json(..., orient="table")`` for the dtypes analyses use (integer, number,
    boolean, string), several times faster: reopening a stored analysis is dominated by this.
    Text columns come back as ``object`` with ``None`` for missing values.
    """
    fields = [f for f in part["schema"]["fields"] if f["name"] != "index"]
    names = [f["name"] for f in fields]
    rows = part["data"]
    df = pd.DataFrame({n: [r.get(n) for r in rows] for n in names}, columns=names)
    for f in fields:
        col, kind = f["name"], f.get("type")
        if f.get("extDtype") in {"Int64", "Float64", "boolean"}:  # pandas nullable dtypes keep their type
            df[col] = df[col].astype(f["extDtype"])
        elif kind == "integer" and not df[col].isna().any():
            df[col] = df[col].astype("int64")
        elif kind in {"integer", "number"}:
            df[col] = df[col].astype("float64")
        elif kind == "boolean":
            df[col] = df[col].astype(bool)
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def _summary_to_dict(summary: Summary) -> dict[str, Any]:
    return {
        "method": summary.method,
        "model": summary.model,
        "input_coverage": summary.input_coverage,
        "experimental": summary.experimental,
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "score": s.score,
                "supported": s.supported,
                "unsupported_tokens": list(s.unsupported_tokens),
            }
            for s in summary.sentences
        ],
    }


def _summary_from_dict(d: dict[str, Any]) -> Summary:
    sents = tuple(
        SummarySentence(**{**s, "unsupported_tokens": tuple(s.get("unsupported_tokens", ()))})
        for s in d["sentences"]
    )
    return Summary(
        sentences=sents,
        method=d["method"],
        model=d.get("model"),
        input_coverage=d.get("input_coverage", 1.0),
        experimental=d.get("experimental", False),
    )


def _noop(stage: str, fraction: float, message: str) -> None:
    return None


class _Stages:
    """Runs named stages, timing each and recording failures of model stages."""

    def __init__(self, progress: Progress, n: int) -> None:
        self.progress = progress
        self.n = n
        self.i = 0
        self.timings: dict[str, float] = {}
        self.errors: list[str] = []

    def run(self, stage: str, message: str, fn: Callable[[], Any], *, model: str | None = None) -> Any:
        self.progress(stage, self.i / self.n, message)
        t0 = time.perf_counter()
        try:
            if model is None:
                return fn()
            try:
                return fn()
            except Exception as exc:  # a model may fail any way; report which one and keep going
                self.errors.append(f"{stage} ({model}): {type(exc).__name__}: {exc}")
                return None
        finally:
            self.timings[stage] = time.perf_counter() - t0
            self.i += 1
            self.progress(stage, self.i / self.n, f"{message} done")


def analyze(
    statement: Statement | str,
    targets: Sequence[str] | None = None,
    *,
    settings: Settings | None = None,
    services: Services | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse one statement: sentences, quotations, topics, stance per target and a summary."""
    from statement_lens.ingest import statement_from_text

    stmt = statement_from_text(statement) if isinstance(statement, str) else statement
    services = services or load_services(settings)
    settings = services.settings
    st = _Stages(progress or _noop, 6)
    names = {"embedder": settings.embedder, "stance": settings.stance, "summarizer": settings.summarizer}
    st.errors.extend(
        f"{task} model {names.get(task, settings.taxonomy)!r} failed to load: {msg}"
        for task, msg in services.failures.items()
    )

    seg = st.run("segmentation", "Splitting sentences and paragraphs", lambda: _segment(stmt))
    sentences = attribute_speech(stmt, _sentence_frame(stmt, seg))  # speaker labels are no content
    quotes = st.run(
        "quotes",
        "Finding quotations and speakers",
        lambda: _quote_frame(stmt, seg, indirect=settings.indirect_quotes),
    )
    units = _unit_frame(stmt, quotes, sentences, seg)

    def topics_stage() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        return _topics(services, sentences, quotes, units)

    topic_out = st.run(
        "topics",
        "Assigning topics",
        topics_stage,
        model=f"{settings.embedder} / taxonomy {settings.taxonomy}",
    )
    if topic_out is not None:
        sentences, quotes, units, topics = topic_out
        topic_quotes = _key_units(units)
    else:
        topics = pd.DataFrame(columns=TOPIC_COLUMNS)
        topic_quotes = pd.DataFrame(columns=TOPIC_QUOTE_COLUMNS)

    target_list = list(targets) if targets else _propose(stmt, units)
    stance = st.run(
        "stance",
        f"Classifying stance toward {len(target_list)} targets",
        lambda: _stance_frame(services, units, target_list),
        model=settings.stance,
    )
    if stance is None:
        stance = pd.DataFrame(columns=STANCE_COLUMNS)
    summary = st.run("summary", "Summarising", lambda: _summarize(services, stmt), model=settings.summarizer)
    if summary is None:
        summary = Summary(sentences=(), method="failed", model=settings.summarizer)

    return Analysis(
        statement=stmt,
        sentences=sentences,
        quotes=quotes,
        units=units,
        stance=stance,
        topics=topics,
        topic_quotes=topic_quotes,
        summary=summary,
        targets=target_list,
        provenance=_provenance(services),
        errors=st.errors,
        timings=st.timings,
    )


def add_targets(analysis: Analysis, new_targets: Sequence[str], *, services: Services) -> Analysis:
    """Return a copy of ``analysis`` with stance computed for the new targets only."""
    fresh = [t for t in dict.fromkeys(t.strip() for t in new_targets) if t and t not in analysis.targets]
    if not fresh:
        return analysis
    try:
        extra = _stance_frame(services, analysis.units, fresh)
    except Exception as exc:  # any backend failure becomes one error that names the model
        raise ModelError(
            f"Stance model {services.settings.stance!r} failed on targets {fresh}: "
            f"{type(exc).__name__}: {exc}. "
            "Check it with `statement-lens models` or choose another stance backend in Settings."
        ) from exc
    stance = pd.concat([analysis.stance, extra], ignore_index=True) if len(analysis.stance) else extra
    return replace(analysis, stance=stance, targets=[*analysis.targets, *fresh])


def remove_targets(analysis: Analysis, targets: Sequence[str]) -> Analysis:
    """Return a copy without the given targets' stance rows."""
    drop = set(targets)
    stance = analysis.stance[~analysis.stance["target"].isin(drop)].reset_index(drop=True)
    return replace(analysis, stance=stance, targets=[t for t in analysis.targets if t not in drop])


# --- stages -----------------------------------------------------------------------------------


def _segment(statement: Statement) -> Any:
    from statement_lens.text.segment import segment_statement

    return segment_statement(statement)


def _sentence_frame(statement: Statement, seg: Any) -> pd.DataFrame:
    rows = []
    ts = statement.title_span
    for i, s in enumerate(seg.sentences):
        is_title = bool(ts is not None and s.start >= ts.start and s.end <= ts.end)
        rows.append(
            {
                "sentence_id": f"s{i}",
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "paragraph": s.paragraph,
                "speaker": s.speaker or statement.speaker,
                "topic": None,
                "topic_code": None,
                "topic_score": np.nan,
                "n_words": len(s.text.split()),
                "is_title": is_title,
            }
        )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def _quote_frame(statement: Statement, seg: Any, *, indirect: bool = False) -> pd.DataFrame:
    from statement_lens.quotes import extract_quotes

    rows = [
        {
            "quote_id": f"q{i}",
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "speaker": q.speaker,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "cue": q.cue,
            "kind": q.kind,
            "confidence": float(q.confidence),
            "flags": ";".join(q.flags),
            "topic": None,
            "topic_score": np.nan,
        }
        for i, q in enumerate(extract_quotes(statement.text, segmentation=seg, indirect=indirect))
    ]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quoted_share(quotes: pd.DataFrame, sentences: pd.DataFrame) -> float:
    """Characters inside ``quotes`` (``start``/``end``) as a share of the body sentences' characters."""
    body = sentences.loc[~sentences["is_title"].astype(bool), "text"].str.len().sum()
    quoted = (quotes["end"] - quotes["start"]).clip(lower=0).sum()
    return float(quoted / body) if body else 1.0


def _unit_frame(
    statement: Statement, quotes: pd.DataFrame, sentences: pd.DataFrame, seg: Any
) -> pd.DataFrame:
    """Stance units: attributed quotations; else transcript turns; else the body sentences.

    Unattributed quoted fragments (often scare quotes, low confidence) are listed as quotations but are
    not stance units, and neither are a few quotations inside a speech (under ``QUOTE_UNIT_MIN_SHARE`` of
    its body text): such a statement is analysed by its own sentences.
    """
    attributed = quotes[quotes["speaker"].notna() & (quotes["confidence"] >= UNIT_MIN_CONFIDENCE)]
    if len(attributed) and quoted_share(attributed, sentences) >= QUOTE_UNIT_MIN_SHARE:
        df = attributed.rename(columns={"quote_id": "unit_id"}).assign(unit_type="quote")
    elif getattr(seg, "turns", None):
        df = pd.DataFrame(
            [
                {"unit_id": f"t{i}", "text": t.text, "start": t.start, "end": t.end, "speaker": t.speaker}
                for i, t in enumerate(seg.turns)
            ]
        ).assign(unit_type="turn", topic=None, topic_score=np.nan)
    else:
        body = sentences[~sentences["is_title"]]
        df = body.rename(columns={"sentence_id": "unit_id"}).assign(unit_type="sentence")
        df["speaker"] = df["speaker"].fillna(statement.speaker) if statement.speaker else df["speaker"]
    return df.reindex(columns=UNIT_COLUMNS).reset_index(drop=True)


def _topics(
    services: Services, sentences: pd.DataFrame, quotes: pd.DataFrame, units: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from statement_lens.text.ceremony import is_ceremonial
    from statement_lens.topics.assign import OTHER, assign_topics, topic_emphasis

    if services.embedder is None or services.taxonomy is None:
        reasons = {k: v for k, v in services.failures.items() if k in ("embedder", "taxonomy")}
        raise RuntimeError(f"the embedder or the taxonomy did not load: {reasons}")
    texts = list(dict.fromkeys([*sentences["text"], *units["text"]]))
    assigned = assign_topics(
        texts,
        taxonomy=services.taxonomy,
        embedder=services.embedder,
        threshold=services.settings.topic_threshold,
    )
    # Protocol ("Mr. President,", "I thank His Excellency …") is no policy topic: it goes to "Other" so
    # topic shares (above all by sentences: salutation lines are many and short) reflect the substance.
    by_text = {a.text: replace(a, topic=OTHER, code=None) if is_ceremonial(a.text) else a for a in assigned}
    sentences = sentences.assign(
        topic=[by_text[t].topic for t in sentences["text"]],
        topic_code=[by_text[t].code for t in sentences["text"]],
        topic_score=[by_text[t].score for t in sentences["text"]],
    )
    units = units.assign(
        topic=[by_text[t].topic for t in units["text"]],
        topic_score=[by_text[t].score for t in units["text"]],
    )
    if len(quotes):
        quotes = quotes.assign(
            topic=[by_text.get(t).topic if t in by_text else None for t in quotes["text"]],  # type: ignore[union-attr]
            topic_score=[by_text[t].score if t in by_text else np.nan for t in quotes["text"]],
        )
    return sentences, quotes, units, topic_emphasis(sentences)


def _key_units(units: pd.DataFrame) -> pd.DataFrame:
    from statement_lens.topics.assign import key_units

    return key_units(units)


def _propose(statement: Statement, units: pd.DataFrame) -> list[str]:
    from statement_lens.stance.targets import propose_targets

    speakers = [sp for sp in {statement.speaker, *units["speaker"].dropna()} if sp]
    return propose_targets(statement.text, title=statement.title, exclude=speakers)


def _stance_frame(services: Services, units: pd.DataFrame, targets: Sequence[str]) -> pd.DataFrame:
    if services.stance is None:
        raise RuntimeError(
            f"stance model {services.settings.stance!r} did not load: {services.failures.get('stance')}"
        )
    pairs = [(text, t) for text in units["text"] for t in targets]
    meta = [(u, sp) for u, sp in zip(units["unit_id"], units["speaker"], strict=True) for _ in targets]
    threshold = services.settings.review_threshold
    sentence = [k == "sentence" for k in units["unit_type"] for _ in targets]
    question = [
        k != "quote" and is_question(str(t))
        for k, t in zip(units["unit_type"], units["text"], strict=True)
        for _ in targets
    ]
    relevant = sentence_gate(services, pairs, sentence)
    keep = [r and not q for r, q in zip(relevant, question, strict=True)]
    ask = [p for p, k in zip(pairs, keep, strict=True) if k]
    answers = iter(services.stance.classify(ask) if ask else [])
    results = [
        next(answers)
        if k
        else replace(
            make_result(text, target, GATED_OFF, threshold), basis="question" if q else "not about target"
        )
        for (text, target), k, q in zip(pairs, keep, question, strict=True)
    ]
    rows = []
    for (unit_id, speaker), r in zip(meta, results, strict=True):
        rows.append(
            {
                "unit_id": unit_id,
                "unit_text": r.text,
                "speaker": speaker,
                "target": r.target,
                "label": r.label,
                "p_favor": float(r.p_favor),
                "p_against": float(r.p_against),
                "p_none": float(r.p_none),
                "confidence": float(r.confidence),
                "needs_review": bool(r.needs_review or r.confidence < threshold),
                "evidence_start": r.evidence_start,
                "evidence_end": r.evidence_end,
                "mentions": json.dumps([list(m) for m in r.mentions]),
                "basis": r.basis,
            }
        )
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)


def _summarize(services: Services, statement: Statement) -> Summary:
    if services.summarizer is None:
        raise RuntimeError(
            f"summariser {services.settings.summarizer!r} did not load: {services.failures.get('summarizer')}"
        )
    from statement_lens.summary.api import mark_support, summary_length

    length = summary_length(len(statement.text.split()), services.settings.summary_sentences)
    summary = services.summarizer.summarize(statement.text, max_sentences=length)
    return mark_support(summary, statement.text)


def _provenance(services: Services) -> dict[str, Any]:
    return {
        "package": "statement-lens",
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "models": services.model_info(),
        "config_hash": services.settings.config_hash(),
        "settings": services.settings.model_fingerprint(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
