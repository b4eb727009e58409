"""FLOP counting for ``benchmarks/speed.py``: the model work an analysis needs, and this CPU's matmul rate.

Every transformer in the process (the sentence encoder, a cross-encoder stance model, ...) gets a
forward pre-hook that records, per call, the tokens actually fed (attention-mask sum) and the padded
tokens computed. An encoder forward costs ``2 × P × tokens`` (P = parameters outside the embedding
tables, which are lookups) plus attention scores ``4 × layers × hidden × n²`` per sequence of n
tokens. The floor of a stage is its FLOPs divided by the best matmul rate measured on this CPU.
Not counted: spaCy's CNN tagger/NER (used by quotations and target proposal), VADER (a lexicon),
numpy similarity products (tiny next to the encoder).
"""

from __future__ import annotations

import gc
import statistics
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StageFlops:
    """Model work attributed to one stage."""

    calls: int = 0
    sequences: int = 0
    tokens: int = 0
    padded_tokens: int = 0
    flops: float = 0.0
    padded_flops: float = 0.0


@dataclass
class FlopCounter:
    """Attributes transformer forward passes to the analysis stage running at the time."""

    stage: str = "outside"
    stages: dict[str, StageFlops] = field(default_factory=lambda: defaultdict(StageFlops))
    models: dict[str, int] = field(default_factory=dict)  # class name → non-embedding parameters
    _handles: list[Any] = field(default_factory=list)
    _restore: list[Any] = field(default_factory=list)

    def progress(self, stage: str, fraction: float, message: str) -> None:  # noqa: ARG002  (callback)
        """An ``analyze(progress=...)`` callback: a stage starts, or ends (message ends with 'done')."""
        self.stage = "outside" if message.endswith(" done") else stage

    def attach(self) -> int:
        """Hook every transformer alive in the process; return how many.

        sentence-transformers calls its model's ``forward`` method directly (no module hooks fire), so
        its wrapper module (the one holding ``auto_model``) is hooked instead and read from its
        feature dict; every other top-level ``PreTrainedModel`` is hooked itself.
        """
        from torch import nn
        from transformers import PreTrainedModel

        with warnings.catch_warnings():  # isinstance() pokes torch's deprecated lazy attributes
            warnings.simplefilter("ignore", FutureWarning)
            objects = [o for o in gc.get_objects() if isinstance(o, nn.Module)]
        found = [o for o in objects if isinstance(o, PreTrainedModel)]
        wrappers = [
            o
            for o in objects
            if isinstance(o, nn.Module) and isinstance(getattr(o, "auto_model", None), PreTrainedModel)
        ]
        wrapped = {id(w.auto_model) for w in wrappers}
        inner = {id(m) for o in found for m in o.modules() if m is not o and isinstance(m, PreTrainedModel)}
        targets = [(w, w.auto_model, True) for w in wrappers]
        targets += [(m, m, False) for m in found if id(m) not in inner and id(m) not in wrapped]
        for module, model, is_wrapper in targets:
            params = _non_embedding_params(model)
            cfg = model.config
            layers = int(getattr(cfg, "num_hidden_layers", 0) or 0)
            hidden = int(getattr(cfg, "hidden_size", 0) or 0)
            label = "sentence-transformers " if is_wrapper else ""
            self.models[f"{label}{type(model).__name__}#{len(self.models)}"] = params
            hook = self._hook(params, layers, hidden, features=is_wrapper)
            self._handles.append(module.register_forward_pre_hook(hook, with_kwargs=True))
        return len(self._handles)

    def attach_onnx(self, stance: Any, params: int, layers: int = 6, hidden: int = 384) -> bool:
        """Count the stance model's ONNX Runtime forwards too (no torch hooks fire there).

        Wraps ``stance._onnx`` (called with the encoded batch as numpy arrays) and records the batch the
        same way as the torch hook; ``params`` is the non-embedding parameter count of the network
        (the same MiniLM encoder plus its head). Returns False when the model has no ONNX session.
        """
        session = getattr(stance, "_onnx", None)
        if session is None:
            return False
        record = self._hook(params, layers, hidden, features=False)

        def counted(batch: dict[str, Any]) -> Any:
            record(None, (), {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]})
            return session(batch)

        stance._onnx = counted
        self.models[f"stance ONNX Runtime ({getattr(stance, 'runtime', '?')})#{len(self.models)}"] = params
        self._restore.append(lambda: setattr(stance, "_onnx", session))
        return True

    def attach_onnx_embedder(self, embedder: Any, params: int, layers: int = 6, hidden: int = 384) -> bool:
        """Count the sentence encoder's ONNX Runtime forwards (wraps its session's ``run``).

        Returns False when the embedder has no ONNX session (torch runtime: :meth:`attach` hooks it).
        """
        session = getattr(embedder, "_session", None)
        if session is None:
            return False
        record = self._hook(params, layers, hidden, features=False)

        class Counted:
            def run(self, outputs: Any, feeds: dict[str, Any]) -> Any:
                record(None, (), {"input_ids": feeds["input_ids"], "attention_mask": feeds["attention_mask"]})
                return session.run(outputs, feeds)

        embedder._session = Counted()
        self.models[f"embedder ONNX Runtime#{len(self.models)}"] = params
        self._restore.append(lambda: setattr(embedder, "_session", session))
        return True

    def detach(self) -> None:
        """Remove the hooks."""
        for h in self._handles:
            h.remove()
        self._handles.clear()
        for undo in self._restore:
            undo()
        self._restore.clear()

    def _hook(self, params: int, layers: int, hidden: int, *, features: bool) -> Any:
        def hook(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:  # noqa: ARG001  (torch)
            if features:  # sentence-transformers: forward(features: dict)
                feats = args[0] if args else kwargs.get("features", {})
                ids, mask = feats.get("input_ids"), feats.get("attention_mask")
            else:
                ids = kwargs.get("input_ids", args[0] if args else None)
                mask = kwargs.get("attention_mask")
            if ids is None:
                return
            batch, width = int(ids.shape[0]), int(ids.shape[-1])
            lengths = mask.sum(-1).tolist() if mask is not None else [width] * batch
            rec = self.stages[self.stage]
            rec.calls += 1
            rec.sequences += batch
            rec.tokens += int(sum(lengths))
            rec.padded_tokens += batch * width
            rec.flops += sum(2.0 * params * n + 4.0 * layers * hidden * n * n for n in lengths)
            rec.padded_flops += batch * (2.0 * params * width + 4.0 * layers * hidden * width * width)

        return hook


def minilm_non_embedding_params() -> int:
    """Non-embedding parameters of the bundled MiniLM encoder, from its config.json (no torch needed)."""
    import json
    from pathlib import Path

    from statement_lens.models.embedder import minilm_dir

    cfg = json.loads((Path(minilm_dir()) / "config.json").read_text(encoding="utf-8"))
    h, ff, n = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"]
    per_layer = 4 * (h * h + h) + (h * ff + ff) + (ff * h + h) + 2 * 2 * h  # attention, FFN, 2 LayerNorms
    return int(n * per_layer)


def _non_embedding_params(model: Any) -> int:
    skip = ("embeddings.", "pooler.", "shared.", "embed_tokens.", "embed_positions.", "lm_head.")
    return sum(p.numel() for n, p in model.named_parameters() if not any(s in n for s in skip))


@dataclass(frozen=True)
class MatmulRate:
    """Measured matrix-multiply throughput for one dtype and shape (FLOP/s)."""

    dtype: str
    shape: str
    flops_per_s: float
    spread: tuple[float, float]


def matmul_rates(reps: int = 15) -> list[MatmulRate]:
    """Time ``torch.matmul`` in fp32 and bf16 on an encoder-like shape and on a large square.

    Shapes: (2048 tokens × 384) @ (384 × 1536), MiniLM's feed-forward on one batch; and 1024³.
    """
    import torch

    out = []
    for dtype in (torch.float32, torch.bfloat16):
        for m, k, n in ((2048, 384, 1536), (1024, 1024, 1024)):
            a = torch.randn(m, k, dtype=dtype)
            b = torch.randn(k, n, dtype=dtype)
            for _ in range(3):
                torch.matmul(a, b)
            rates = []
            for _ in range(reps):
                t0 = time.perf_counter()
                torch.matmul(a, b)
                rates.append(2.0 * m * k * n / (time.perf_counter() - t0))
            out.append(
                MatmulRate(
                    dtype=str(dtype).removeprefix("torch."),
                    shape=f"{m}x{k} @ {k}x{n}",
                    flops_per_s=statistics.median(rates),
                    spread=(min(rates), max(rates)),
                )
            )
    return out
