"""Learning from teachers (``train-stance --kd W``): soft-label targets and the mixed loss; the device.

Rows may carry teacher probabilities in :data:`SOFT_COLUMNS`; rows whose ``label`` is ``""`` (unlabelled
rows, :mod:`.unlabelled`) are learnt from those alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from statement_lens.stance.training.data import LABELS

LABEL_INDEX = {lab: i for i, lab in enumerate(LABELS)}
SOFT_COLUMNS = tuple(f"soft_{lab}" for lab in LABELS)
"""Optional teacher probabilities per row (``--kd``)."""


def pick_device(name: str) -> Any:
    """``auto``: CUDA when torch sees a GPU, else the CPU."""
    import torch

    if name == "cuda" or (name == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def kd_targets(train_df: pd.DataFrame) -> tuple[Any, Any]:
    """Hard label indices (-100 where a row has no gold label) and teacher probabilities (NaN rows: none)."""
    import torch

    hard = train_df["label"].map(LABEL_INDEX).fillna(-100).astype(int).to_numpy()
    if all(c in train_df for c in SOFT_COLUMNS):
        soft = train_df[list(SOFT_COLUMNS)].to_numpy(dtype=np.float32)
    else:
        soft = np.full((len(train_df), len(LABELS)), np.nan, dtype=np.float32)
    return torch.tensor(hard, dtype=torch.long), torch.tensor(soft)


def batch_loss(logits: Any, hard: Any, soft: Any, kd: float, smoothing: float = 0.1) -> Any:
    """Cross-entropy on gold labels, mixed with cross-entropy on teacher probabilities (weight ``kd``).

    Rows without a gold label (-100) count only in the teacher term; rows without teacher
    probabilities (NaN) only in the gold term.
    """
    import torch

    logits = logits.float()
    terms = []
    gold = hard >= 0
    if bool(gold.any()):
        ce = torch.nn.functional.cross_entropy(logits[gold], hard[gold], label_smoothing=smoothing)
        terms.append((1.0 - kd if kd > 0 else 1.0) * ce)
    taught = ~torch.isnan(soft).any(1)
    if kd > 0 and bool(taught.any()):
        logp = torch.log_softmax(logits[taught], dim=1)
        terms.append(kd * -(soft[taught] * logp).sum(1).mean())
    if not terms:
        return logits.sum() * 0.0
    return sum(terms[1:], terms[0])
