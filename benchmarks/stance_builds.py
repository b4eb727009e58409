"""The int8 builds the shipped one replaced, rebuilt from the same weights for side-by-side rows.

``benchmarks/stance_targets.py`` reads the shipped build beside them in one run (batch dependence, speed):

- ``dynamic``: ``quantize_dynamic`` (per-tensor dynamic int8, the build before the fourth pass): one
  activation scale for a whole batch, so a pair's label moved with the pairs read beside it;
- ``q8b32``: ``MatMulNBits`` 8-bit weights in blocks of 32, accuracy level 4 (the fourth pass's build):
  stable, but about as slow as fp32.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

PREVIOUS = {
    "dynamic": "stance.lens.v2 on the int8 build of the third pass (per-tensor dynamic)",
    "q8b32": "stance.lens.v2 on the int8 build of the fourth pass (MatMulNBits, blocks of 32)",
}


def _build(fp32: Path, dest: Path, scheme: str) -> None:
    if scheme == "dynamic":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(dest), weight_type=QuantType.QInt8, per_channel=True)
        return
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    settings: dict[str, Any] = {"block_size": 32, "is_symmetric": True, "accuracy_level": 4, "bits": 8}
    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(fp32)), algo_config=DefaultWeightOnlyQuantConfig(**settings), **settings
    )
    quantizer.process()
    quantizer.model.save_model_to_file(str(dest), use_external_data_format=False)


def previous_build(model: Any, scheme: str) -> Any:
    """``model`` (and its issue network) switched to an earlier int8 build (``dynamic`` or ``q8b32``)."""
    from statement_lens.stance import onnx_runtime as stance_onnx

    def switch(lens: Any) -> None:
        fp32, _ = stance_onnx.ensure_onnx(lens._cache_dir, lens.revision, "fp32", lens._build_torch)
        dest = fp32.with_name(fp32.name.replace("-fp32", f"-int8-{scheme}-benchmark"))
        if not dest.exists():
            _build(fp32, dest, scheme)
        lens._onnx = stance_onnx.OnnxStanceNet(dest)

    switch(model)
    if getattr(model, "_issue", None) is not None:
        switch(model._issue)
    return model


def batch_dependence(model: Any, pairs: list[tuple[str, str]], spans: list | None) -> tuple[int, float]:
    """Labels that change, and the largest probability change, between one call for all pairs and one each."""
    if spans is None:
        together = model.probabilities(pairs)
        alone = np.concatenate([model.probabilities([p]) for p in pairs])
    else:
        together = np.array([r["probs"] for r in model.read(pairs, spans)])
        alone = np.array([model.read([p], [m])[0]["probs"] for p, m in zip(pairs, spans, strict=True)])
    changed = int((together.argmax(1) != alone.argmax(1)).sum())
    return changed, float(np.abs(together - alone).max())
