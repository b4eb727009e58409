"""The stance evaluation sets, read for MEASURING only (never for training, tuning or selection).

Each loader returns a DataFrame ``text, target, label`` with labels in favor/against/none. VAST dev,
SemEval-2016 val and HanDeSeT dev are evaluate-only sets; Perspectrum test and IBM claim stance test
are the test splits of training corpora.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
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


def joined_pairs(frame: pd.DataFrame, *, n: int = 400, max_words: int = 60, seed: int = 0) -> pd.DataFrame:
    """Target sensitivity: a favor text and an against text (different targets) joined into one text,
    scored toward each text's own target. A model that reads only the overall tone gives both targets
    the same label and scores about 0.5 (forced favor vs against); one that reads the target scores higher.
    """
    short = frame[frame["text"].astype(str).str.split().str.len() <= max_words]
    fav = short[short["label"] == "favor"].reset_index(drop=True)
    ag = short[short["label"] == "against"].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    rows = []
    while len(rows) < 2 * n:
        a, b = fav.iloc[int(rng.integers(len(fav)))], ag.iloc[int(rng.integers(len(ag)))]
        if a["target"].lower() == b["target"].lower() or a["text"] == b["text"]:
            continue
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        text = f"{str(first['text']).strip()} {str(second['text']).strip()}"
        rows += [(text, a["target"], "favor"), (text, b["target"], "against")]
    return pd.DataFrame(rows, columns=["text", "target", "label"])


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
    out.append(EvalSet("vast_dev_joined", joined_pairs(out[0].frame), True, ("favor", "against")))
    for s in out:
        bad = s.frame["label"].isna() | s.frame["text"].isna() | s.frame["target"].isna()
        if bad.any():
            raise ValueError(f"{s.name}: {int(bad.sum())} rows with a missing text, target or label.")
    return out


def eval_frame(data_root: str | Path) -> pd.DataFrame:
    """All sets in one frame with a ``set`` column (the form carried to a GPU machine for measuring)."""
    return pd.concat([s.frame.assign(set=s.name) for s in load_eval_sets(data_root)], ignore_index=True)
