"""The stance stage: targets proposed when none are given, then one row per (unit, target) pair.

Pairs the relevance gate keeps from the model (the target is not what a sentence is about) and questions
in transcripts and speeches are not read: they carry a ``basis`` that says why and no model number.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd

from statement_lens.pipeline.runner import call_model, require
from statement_lens.pipeline.schema import STANCE_COLUMNS
from statement_lens.services import Services
from statement_lens.stance.gate import GATED_OFF, is_question, sentence_gate
from statement_lens.stance.heuristic import make_result
from statement_lens.stance.targets import propose_targets
from statement_lens.types import StanceResult, Statement


def propose(statement: Statement, units: pd.DataFrame) -> list[str]:
    """Targets for a statement analysed without any: named actors and issues, not its own speakers."""
    speakers = [sp for sp in {statement.speaker, *units["speaker"].dropna()} if sp]
    return propose_targets(statement.text, title=statement.title, exclude=speakers)


#: Pairs per call to the stance model when progress is reported.
CHUNK = 2000


def stance_frame(
    services: Services,
    units: pd.DataFrame,
    targets: Sequence[str],
    report: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One row per (unit, target): the label, its probabilities, the evidence and the basis.

    With ``report``, the pairs the model reads go to it ``CHUNK`` at a time and ``report(done, total)``
    follows.
    """
    model = services.settings.stance
    backend = require(services.stance, f"stance model {model!r}", services.failures.get("stance"))
    pairs = [(text, t) for text in units["text"] for t in targets]
    meta = [(u, sp) for u, sp in zip(units["unit_id"], units["speaker"], strict=True) for _ in targets]
    threshold = services.settings.review_threshold
    sentence = [k == "sentence" for k in units["unit_type"] for _ in targets]
    question = [
        k != "quote" and is_question(str(t))
        for k, t in zip(units["unit_type"], units["text"], strict=True)
        for _ in targets
    ]
    relevant = call_model(sentence_gate, services, pairs, sentence)
    keep = [r and not q for r, q in zip(relevant, question, strict=True)]
    ask = [p for p, k in zip(pairs, keep, strict=True) if k]
    step = CHUNK if report is not None and len(ask) > CHUNK else max(len(ask), 1)
    read: list[StanceResult] = []
    for start in range(0, len(ask), step):
        read += call_model(backend.classify, ask[start : start + step])
        if report is not None:
            report(min(start + step, len(ask)), len(ask))
    answers = iter(read)
    results = [
        next(answers)
        if k
        else replace(
            make_result(text, target, GATED_OFF, threshold), basis="question" if q else "not about target"
        )
        for (text, target), k, q in zip(pairs, keep, question, strict=True)
    ]
    rows = [
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
        for (unit_id, speaker), r in zip(meta, results, strict=True)
    ]
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)
