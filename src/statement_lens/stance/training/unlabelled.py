"""Unlabelled target rows from speeches that may ship: teacher probabilities make them training rows.

``train-stance --kd W`` learns from rows that carry ``soft_favor``/``soft_against``/``soft_none``
(teacher probabilities, :data:`~statement_lens.stance.training.kd.SOFT_COLUMNS`); rows whose
``label`` is ``""`` are learnt from those alone. This module builds such rows from the CC0 UN General
Debate statements of 2023 and the public-domain State of the Union addresses in the shared data folder
(the 2024 UN statements are left for measurement): every sentence of 60-300 characters with one to four
named entities (spaCy NER: countries, places, people, organisations, nationalities) gives one row per
entity, its mentions marked as the model reads them at run time. :func:`soft_labels` averages teacher
probabilities onto rows.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from statement_lens.stance.mentions import find_mentions, is_named, mark
from statement_lens.stance.training.newsmtsc import COLUMNS

ENTITY_LABELS = frozenset({"GPE", "PERSON", "ORG", "NORP"})
SPEECH_GLOBS = ("speeches/un_general_debate/2023/*.txt", "speeches/state_of_the_union/speeches/*.txt")


def entity_targets(names: Sequence[tuple[str, str]]) -> list[str]:
    """Distinct target names from ``(text, label)`` entities: named ones of :data:`ENTITY_LABELS`."""
    out: list[str] = []
    for text, label in names:
        name = text.removeprefix("the ").removeprefix("The ").strip()
        fresh = name.lower() not in {n.lower() for n in out}
        if fresh and label in ENTITY_LABELS and len(name) > 2 and is_named(name):
            out.append(name)
    return out


def sentence_target_rows(sentence: str, targets: Sequence[str]) -> list[tuple[str, ...]]:
    """One unlabelled row per target mentioned in ``sentence`` (source ``aug``, split ``train``)."""
    key = hashlib.md5(sentence.encode()).hexdigest()[:12]
    rows: list[tuple[str, ...]] = []
    for name in targets:
        spans = find_mentions(sentence, name)
        if spans:
            rows.append((mark(sentence, spans), name, "", "aug", "train", key))
    return rows


def speech_rows(data_root: str | Path, n: int = 16000, *, seed: int = 0) -> pd.DataFrame:
    """Up to ``n`` unlabelled rows from the shareable speeches under ``data_root`` (see the module doc)."""
    from statement_lens.text.nlp import NER_ONLY
    from statement_lens.text.nlp import run as run_spacy
    from statement_lens.text.segment import split_sentences

    root = Path(data_root)
    sentences = []
    for pattern in SPEECH_GLOBS:
        for path in sorted(root.glob(pattern)):
            text = " ".join(path.read_text(encoding="utf-8", errors="ignore").split())
            for seg in split_sentences(text):
                s = text[seg.start : seg.end].strip()
                if 60 <= len(s) <= 300:
                    sentences.append(s)
    random.Random(seed).shuffle(sentences)
    rows: list[tuple[str, ...]] = []
    for start in range(0, len(sentences), 2000):
        chunk = sentences[start : start + 2000]
        for s, doc in zip(chunk, run_spacy(chunk, disable=NER_ONLY), strict=True):
            targets = entity_targets([(e.text, e.label_) for e in doc.ents])
            if 1 <= len(targets) <= 4:
                rows.extend(sentence_target_rows(s, targets))
            if len(rows) >= n:
                return pd.DataFrame(rows[:n], columns=COLUMNS)
    return pd.DataFrame(rows, columns=COLUMNS)


def soft_labels(rows: pd.DataFrame, probs: Sequence[np.ndarray], labels: Sequence[str]) -> pd.DataFrame:
    """``rows`` with ``soft_<label>`` columns: the mean of the teachers' probabilities (each ``(n, 3)``)."""
    if not probs:
        raise ValueError("soft_labels needs at least one teacher's probabilities")
    mean = np.mean(np.stack([np.asarray(p, dtype=np.float32) for p in probs]), axis=0)
    if mean.shape != (len(rows), len(labels)):
        want = (len(rows), len(labels))
        raise ValueError(f"teacher probabilities have shape {mean.shape}, expected {want}")
    out = rows.copy()
    for i, lab in enumerate(labels):
        out[f"soft_{lab}"] = mean[:, i]
    return out
