"""Int8 ONNX graphs whose result for one sequence does not depend on the others of its batch.

Used by both ONNX encoders: the stance networks (``stance/onnx_runtime.py``) and the sentence encoder
(``models/embedder.py``). Weights are int8 per output column; activations are quantised per token, so a
text's vector or a pair's logits are the same alone, padded, or beside any batch mates (the embedder's
text cache and the stance labels rely on that).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

#: Names the scheme in cached file names; change it whenever :func:`quantize_per_token` changes so that
#: builds made by an older version are not reused.
PER_TOKEN_SCHEME = "q8tok"


def quantize_per_token(src: Path, dest: Path) -> None:
    """Int8 arithmetic whose result for one sequence does not depend on the others of its batch.

    Every MatMul with a weight matrix becomes ``MatMulInteger`` on int8 weights (symmetric, one scale per
    output column) and uint8 activations quantised **per token**: each token's row gets its own scale
    (its largest absolute value / 127, zero point 128), so padding and batch mates never move it; the
    int32 product is scaled back to float (:func:`_per_token_nodes`). The input of Q, K and V is quantised
    once. Builds before: ``quantize_dynamic`` used one scale for a whole batch (a pair's label moved with
    its batch: 16 of 300 labels); ``MatMulNBits`` (8-bit blocks of 32) was stable but no faster than fp32.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    consts = {"pt_127": np.float32(127.0), "pt_128": np.float32(128.0), "pt_eps": np.float32(1e-8)}
    extra = [numpy_helper.from_array(np.array(v), k) for k, v in consts.items()]
    extra.append(numpy_helper.from_array(np.array(128, dtype=np.uint8), "pt_zero"))
    nodes: list[Any] = []
    quantised: dict[str, tuple[str, str]] = {}  # activation name -> (uint8 tensor, per-token scale)
    replaced: set[str] = set()
    for node in graph.node:
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2:
            nodes.append(node)
            continue
        x, name = node.input[0], node.input[1]
        matrix = numpy_helper.to_array(w).astype(np.float32)
        scale = np.maximum(np.abs(matrix).max(axis=0), 1e-12) / 127.0
        q = np.clip(np.round(matrix / scale), -127, 127).astype(np.int8)
        extra += [numpy_helper.from_array(q, f"{name}_i8"), numpy_helper.from_array(scale, f"{name}_scale")]
        replaced.add(name)
        if x not in quantised:
            quantised[x] = (f"pt{len(quantised)}_u8", f"pt{len(quantised)}_scale")
            nodes += _per_token_nodes(x, *quantised[x])
        xq, xs = quantised[x]
        out = node.output[0]
        nodes += [
            onnx.helper.make_node("MatMulInteger", [xq, f"{name}_i8", "pt_zero"], [f"{out}_i32"]),
            onnx.helper.make_node("Cast", [f"{out}_i32"], [f"{out}_f"], to=onnx.TensorProto.FLOAT),
            onnx.helper.make_node("Mul", [f"{out}_f", xs], [f"{out}_fx"]),
            onnx.helper.make_node("Mul", [f"{out}_fx", f"{name}_scale"], [out]),
        ]
    kept = [i for i in graph.initializer if i.name not in replaced]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + extra)
    onnx.checker.check_model(model)
    onnx.save(model, str(dest))


def _per_token_nodes(x: str, xq: str, xs: str) -> list[Any]:
    """Nodes that quantise activation ``x`` to uint8 ``xq`` with one scale ``xs`` per token (last axis)."""
    from onnx import TensorProto
    from onnx.helper import make_node

    return [
        make_node("Abs", [x], [f"{xq}_abs"]),
        make_node("ReduceMax", [f"{xq}_abs"], [f"{xq}_max"], axes=[-1], keepdims=1),
        make_node("Max", [f"{xq}_max", "pt_eps"], [f"{xq}_maxe"]),
        make_node("Div", [f"{xq}_maxe", "pt_127"], [xs]),
        make_node("Div", [x, xs], [f"{xq}_x"]),
        make_node("Round", [f"{xq}_x"], [f"{xq}_r"]),
        make_node("Add", [f"{xq}_r", "pt_128"], [f"{xq}_r128"]),
        make_node("Cast", [f"{xq}_r128"], [xq], to=TensorProto.UINT8),
    ]
