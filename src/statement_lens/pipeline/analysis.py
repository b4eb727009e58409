"""Statement + models → one :class:`Analysis`: tidy DataFrames, a summary and provenance.

Data flows one way: segment → quotes → units → topics → stance → summary (one module per stage beside this
one). Every stage that uses a model is isolated: if its model fails, ``Analysis.errors`` says which model
and why, the other frames are still filled, and ``Analysis.complete`` is False (the store refuses to save
it as complete). A bug in our own code raises (see :mod:`statement_lens.pipeline.runner`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from statement_lens import __version__
from statement_lens.config import Settings
from statement_lens.errors import InputError, ModelError
from statement_lens.pipeline import codec, stance_stage, summary_stage, topics_stage, units
from statement_lens.pipeline.runner import Stages, no_progress
from statement_lens.pipeline.schema import (
    FRAMES,
    SCHEMA_VERSION,
    STANCE_COLUMNS,
    TOPIC_COLUMNS,
    TOPIC_UNIT_COLUMNS,
    Progress,
)
from statement_lens.quotes.speech_speaker import attribute_speech
from statement_lens.services import Services, load_services
from statement_lens.types import Statement, Summary


@dataclass
class Analysis:
    """Everything the dashboard and CLI show about one statement."""

    statement: Statement
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    units: pd.DataFrame
    stance: pd.DataFrame
    topics: pd.DataFrame
    topic_units: pd.DataFrame
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
            "summary": codec.summary_to_dict(self.summary),
            "targets": list(self.targets),
            "provenance": self.provenance,
            "errors": list(self.errors),
            "timings": self.timings,
        }
        for name in FRAMES:
            doc[name] = codec.frame_to_json(getattr(self, name))
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
        frames = {name: codec.read_frame(codec.frame_part(doc, name)) for name in FRAMES}
        return cls(
            statement=Statement.from_dict(doc["statement"]),
            summary=codec.summary_from_dict(doc["summary"]),
            targets=list(doc["targets"]),
            provenance=doc["provenance"],
            errors=list(doc.get("errors", [])),
            timings=dict(doc.get("timings", {})),
            **frames,
        )


def analyze(
    statement: Statement | str,
    targets: Sequence[str] | None = None,
    *,
    settings: Settings | None = None,
    services: Services | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse one statement: sentences, quotations, topics, stance per target and a summary.

    Without ``settings`` or ``services``, the settings come from :func:`statement_lens.config.load_settings`
    (``statement_lens.toml`` and ``STATEMENT_LENS_*`` variables), as everywhere else.
    """
    from statement_lens.ingest import statement_from_text

    stmt = statement_from_text(statement) if isinstance(statement, str) else statement
    services = services or load_services(settings)
    settings = services.settings
    st = Stages(progress or no_progress, 5)  # segmentation, quotes, topics, stance, summary
    names = {"embedder": settings.embedder, "stance": settings.stance, "summarizer": settings.summarizer}
    st.errors.extend(
        f"{task} model {names.get(task, settings.taxonomy)!r} failed to load: {msg}"
        for task, msg in services.failures.items()
    )

    seg = st.step("segmentation", "Splitting sentences and paragraphs", lambda: units.segment(stmt))
    sentences = attribute_speech(stmt, units.sentence_frame(stmt, seg))  # speaker labels are no content
    quotes = st.step(
        "quotes",
        "Finding quotations and speakers",
        lambda: units.quote_frame(
            stmt, seg, indirect=settings.indirect_quotes, review_threshold=settings.review_threshold
        ),
    )
    unit_frame = units.unit_frame(stmt, quotes, sentences, seg)

    topic_out = st.run(
        "topics",
        "Assigning topics",
        lambda: topics_stage.assign(
            services, sentences, quotes, unit_frame, st.within("topics", "Assigning topics")
        ),
        model=f"{settings.embedder} / taxonomy {settings.taxonomy}",
    )
    if topic_out is not None:
        sentences, quotes, unit_frame, topics = topic_out
        topic_units = topics_stage.topic_units(unit_frame)
    else:
        topics = pd.DataFrame(columns=TOPIC_COLUMNS)
        topic_units = pd.DataFrame(columns=TOPIC_UNIT_COLUMNS)

    target_list = list(targets) if targets else stance_stage.propose(stmt, unit_frame)
    stance_message = f"Classifying stance toward {len(target_list)} targets"
    stance = st.run(
        "stance",
        stance_message,
        lambda: stance_stage.stance_frame(
            services, unit_frame, target_list, st.within("stance", stance_message)
        ),
        model=settings.stance,
    )
    if stance is None:
        stance = pd.DataFrame(columns=STANCE_COLUMNS)
    summary = st.run(
        "summary", "Summarising", lambda: summary_stage.summarize(services, stmt), model=settings.summarizer
    )
    if summary is None:
        summary = Summary(sentences=(), method="failed", model=settings.summarizer)

    return Analysis(
        statement=stmt,
        sentences=sentences,
        quotes=quotes,
        units=unit_frame,
        stance=stance,
        topics=topics,
        topic_units=topic_units,
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
        extra = stance_stage.stance_frame(services, analysis.units, fresh)
    except ModelError as exc:
        raise ModelError(
            f"Stance model {services.settings.stance!r} failed on targets {fresh}: {exc}. "
            "Check it with `statement-lens models` or choose another stance backend in Settings."
        ) from exc
    stance = pd.concat([analysis.stance, extra], ignore_index=True) if len(analysis.stance) else extra
    return replace(analysis, stance=stance, targets=[*analysis.targets, *fresh])


def remove_targets(analysis: Analysis, targets: Sequence[str]) -> Analysis:
    """Return a copy without the given targets' stance rows."""
    drop = set(targets)
    stance = analysis.stance[~analysis.stance["target"].isin(drop)].reset_index(drop=True)
    return replace(analysis, stance=stance, targets=[t for t in analysis.targets if t not in drop])


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
