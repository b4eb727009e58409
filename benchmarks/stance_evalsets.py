"""The stance evaluation sets, read for MEASURING only (never for training, tuning or selection).

Each loader returns a DataFrame ``text, target, label`` with labels in favor/against/none. VAST dev,
SemEval-2016 val and HanDeSeT dev are evaluate-only sets; Perspectrum test and IBM claim stance test
are the test splits of training corpora.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SEMEVAL_TARGETS = {
    "abortion": "Legalization of Abortion",
    "atheism": "Atheism",
    "climate": "Climate Change is a Real Concern",
    "feminist": "Feminist Movement",
    "hillary": "Hillary Clinton",
}


@dataclass(frozen=True)
class EvalSet:
    """One evaluation set and how it is scored."""

    name: str
    frame: pd.DataFrame  # text, target, label
    forced_binary: bool  # gold has no "none": score favor vs against only (HanDeSeT passages)
    labels: tuple[str, ...]  # gold label set


def _vast(stance: Path) -> pd.DataFrame:
    d = pd.read_csv(stance / "vast_dev" / "vast_dev_clean.csv")
    label = d["stance"].str.lower().map({"favor": "favor", "against": "against", "none": "none"})
    return pd.DataFrame({"text": d["text"], "target": d["topic"], "label": label})


def _semeval(stance: Path) -> pd.DataFrame:
    base = stance / "semeval2016_val"
    mapping = {}
    for line in (base / "mapping.txt").read_text().splitlines():
        if line.strip():
            k, v = line.split(None, 1)
            mapping[k.strip()] = v.strip()
    rows = []
    for folder, target in SEMEVAL_TARGETS.items():
        texts = (base / folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (base / folder / "val_labels.txt").read_text().split()
        for text, lab in zip(texts, labels, strict=True):
            rows.append((text.replace("#SemST", "").strip(), target, mapping[lab]))
    return pd.DataFrame(rows, columns=["text", "target", "label"])


def _handeset(stance: Path) -> pd.DataFrame:
    """Passages with their debate's full motion text as the target (``favor``: for the motion as worded).

    The data's own notes recommend the motion over the short debate title ("Ways and Means" says
    nothing about which side a speaker is on).
    """
    base = stance / "handeset_dev"
    d = pd.read_csv(base / "handeset_passages_dev.csv")
    motions = pd.read_csv(base / "handeset_speeches_dev.csv")[["speech_id", "motion"]]
    d = d.merge(motions, on="speech_id", how="left", validate="many_to_one")
    return pd.DataFrame({"text": d["text"], "target": d["motion"], "label": d["label"]})


def _perspectrum(stance: Path) -> pd.DataFrame:
    d = pd.read_csv(stance / "perspectrum" / "perspectrum_test_claim_perspective_stance.csv")
    label = d["stance_3"].map({"SUPPORT": "favor", "UNDERMINE": "against"})
    return pd.DataFrame({"text": d["perspective"], "target": d["claim"], "label": label})


def _ibm(stance: Path) -> pd.DataFrame:
    d = pd.read_csv(stance / "ibm_claim_stance" / "ibm_claim_stance_test.csv")
    label = d["stance"].map({"PRO": "favor", "CON": "against"})
    return pd.DataFrame({"text": d["claim"], "target": d["topic"], "label": label})


def load_eval_sets(data_root: str | Path) -> list[EvalSet]:
    """The five benchmark sets under ``data_root/stance`` (raises FileNotFoundError when absent)."""
    stance = Path(data_root) / "stance"
    out = [
        EvalSet("vast_dev", _vast(stance), False, ("favor", "against", "none")),
        EvalSet("semeval2016_val", _semeval(stance), False, ("favor", "against", "none")),
        EvalSet("handeset_dev_passages", _handeset(stance), True, ("favor", "against")),
        EvalSet("perspectrum_test", _perspectrum(stance), False, ("favor", "against")),
        EvalSet("ibm_claim_stance_test", _ibm(stance), False, ("favor", "against")),
    ]
    for s in out:
        bad = s.frame["label"].isna() | s.frame["text"].isna() | s.frame["target"].isna()
        if bad.any():
            raise ValueError(f"{s.name}: {int(bad.sum())} rows with a missing text, target or label.")
    return out


def eval_frame(data_root: str | Path) -> pd.DataFrame:
    """All sets in one frame with a ``set`` column (the form carried to a GPU machine for measuring)."""
    return pd.concat([s.frame.assign(set=s.name) for s in load_eval_sets(data_root)], ignore_index=True)
