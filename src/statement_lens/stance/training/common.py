"""What both training recipes share: logging, encoded pairs, seeding, autocast, prediction, saving.

``train`` (stance.lens.v1) and ``train_v2`` (stance.lens.v2) differ in data and head; this is the rest.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class Log:
    """Timestamped lines printed and kept for results.json."""

    t0: float
    lines: list[str]

    def __call__(self, msg: str) -> None:
        """Print ``msg`` with the elapsed time and keep it."""
        line = f"[{time.time() - self.t0:7.1f}s] {msg}"
        print(line, flush=True)
        self.lines.append(line)


class Encoded:
    """Token ids of (target, text) pairs, unpadded; batches are padded on demand."""

    def __init__(self, tokenizer: Any, targets: Sequence[str], texts: Sequence[str], max_length: int) -> None:
        enc = tokenizer(list(targets), list(texts), truncation="longest_first", max_length=max_length)
        self.ids: list[list[int]] = enc["input_ids"]
        self.types: list[list[int]] = enc["token_type_ids"]
        self.pad = int(tokenizer.pad_token_id or 0)

    def __len__(self) -> int:
        return len(self.ids)

    def batch(self, idx: Sequence[int], device: Any) -> dict[str, Any]:
        """Padded ``input_ids``/``attention_mask``/``token_type_ids`` of rows ``idx`` on ``device``."""
        import torch

        width = max(len(self.ids[i]) for i in idx)
        ids = torch.full((len(idx), width), self.pad, dtype=torch.long)
        types = torch.zeros((len(idx), width), dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for row, i in enumerate(idx):
            n = len(self.ids[i])
            ids[row, :n] = torch.tensor(self.ids[i])
            types[row, :n] = torch.tensor(self.types[i])
            mask[row, :n] = 1
        return {
            "input_ids": ids.to(device, non_blocking=True),
            "attention_mask": mask.to(device, non_blocking=True),
            "token_type_ids": types.to(device, non_blocking=True),
        }


def seed_everything(seed: int) -> None:
    """Fix Python, NumPy and torch seeds."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def autocast(device: Any) -> Any:
    """bf16 autocast on CUDA, and on CPUs with AMX (elsewhere bf16 is slower than fp32)."""
    import torch

    from statement_lens.stance.lens import _cpu_has_amx

    enabled = device.type == "cuda" or _cpu_has_amx()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=enabled)


def predict(net: Any, enc: Encoded, device: Any, batch_size: int = 256) -> np.ndarray:
    """Stance logits (n, 3), float32, in input order (length-sorted batches for speed)."""
    import torch

    net.eval()
    order = np.argsort([len(x) for x in enc.ids], kind="stable")
    out = np.zeros((len(enc), 3), dtype=np.float32)
    with torch.inference_mode(), autocast(device):
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size].tolist()
            out[idx] = net(**enc.batch(idx, device)).float().cpu().numpy()
    return out


def load_weights(net: Any, folder: Path) -> None:
    """Overlay a saved model folder's tensors (``config.json`` + safetensors shards) onto ``net``."""
    from statement_lens.stance.lens import load_config
    from statement_lens.stance.lens_net import overlay_folder

    overlay_folder(net, folder, load_config(folder)["weights"])


def save_model(net: Any, folder: Path, config: dict[str, Any], shard_mb: float) -> list[str]:
    """Write the shipped tensors as fp16 safetensors shards of at most ``shard_mb`` MB, plus config.json."""
    from safetensors.torch import save_file

    from statement_lens.stance.lens_net import shipped_state

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("model-*.safetensors"):
        old.unlink()
    state = shipped_state(net)
    shards: list[dict[str, Any]] = [{}]
    size = 0
    for k in sorted(state):
        n = state[k].numel() * 2
        if shards[-1] and size + n > shard_mb * 1e6:
            shards.append({})
            size = 0
        shards[-1][k] = state[k]
        size += n
    names = []
    for i, shard in enumerate(shards, 1):
        name = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, str(folder / name), metadata={"format": "pt"})
        names.append(name)
    (folder / "config.json").write_text(json.dumps({**config, "weights": names}, indent=2) + "\n")
    return names
