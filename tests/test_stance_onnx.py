"""ONNX Runtime backend of stance.lens.v1: build, cache, agreement with torch, runtime choice, gate first."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from statement_lens.errors import ModelError
from statement_lens.stance import onnx_runtime as stance_onnx
from statement_lens.stance.lens import LensStance, combine, resolve_runtime
from statement_lens.stance.metrics import softmax

PAIRS = [
    ("We must send more weapons to Ukraine, because it is fighting for its freedom.", "Ukraine"),
    ("Sending weapons only prolongs a war that cannot be won; this aid is a reckless waste.", "weapons"),
    ("Taxes on working families are too high and we will cut them.", "tax cuts"),
    ("Raising taxes on the rich is the fair thing to do.", "tax cuts"),
    ("Climate change is the greatest threat of our time and we must act now.", "climate change"),
    ("The so-called climate emergency is a hoax pushed by alarmists.", "climate change"),
    ("Immigrants make this country stronger and we welcome them.", "immigration"),
    ("We need to stop illegal immigration and secure the border.", "immigration"),
    ("The Affordable Care Act has given millions of people health insurance.", "the Affordable Care Act"),
    ("Obamacare is a disaster that must be repealed and replaced.", "the Affordable Care Act"),
    ("Nuclear power is clean, safe and reliable.", "nuclear power"),
    ("We should shut down every nuclear plant before the next accident.", "nuclear power"),
    ("Vaccines save lives; everyone who can should get vaccinated.", "vaccination"),
    ("I will never let the government force a vaccine into my children.", "vaccination"),
    ("The minimum wage should be raised to fifteen dollars.", "raising the minimum wage"),
    ("A higher minimum wage will destroy jobs for young workers.", "raising the minimum wage"),
    ("The weather was pleasant and the meeting started at nine.", "Ukraine"),
    ("Our quarterly report will be published next Tuesday.", "climate change"),
    ("Brexit has been a success and Britain is freer for it.", "Brexit"),
    ("Leaving the European Union was a catastrophic mistake.", "Brexit"),
]


class AxisEmbedder:
    """Known texts on one axis, everything else (targets) on another: cosine 0 between a text and a target,
    so only a mentioned target passes the gate."""

    def __init__(self, texts: set[str]) -> None:
        self._texts = texts

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384))
        for i, t in enumerate(texts):
            out[i, 0 if t in self._texts else 1] = 1.0
        return out


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx_cache")


@pytest.fixture(scope="module")
def embedder() -> AxisEmbedder:
    return AxisEmbedder({t for t, _ in PAIRS})


@pytest.fixture(scope="module")
def torch_lens(embedder: AxisEmbedder) -> LensStance:
    return LensStance(embedder=embedder, runtime="torch-fp32")


@pytest.fixture(scope="module")
def onnx_lenses(cache: Path, embedder: AxisEmbedder) -> dict[str, LensStance]:
    """One build of each ONNX precision into the module's cache folder (the slow part of this module)."""
    return {
        p: LensStance(embedder=embedder, runtime=f"onnx-{p}", cache_dir=cache)
        for p in stance_onnx.ONNX_PRECISIONS
    }


@pytest.mark.parametrize(
    ("choice", "onnx_ok", "amx", "expected"),
    [
        ("auto", True, False, "onnx-int8"),
        ("auto", True, True, "onnx-int8"),
        ("auto", False, False, "torch-fp32"),
        ("auto", False, True, "torch-bf16"),
        ("fp32", True, False, "torch-fp32"),  # legacy precision names mean torch
        ("bf16", True, False, "torch-bf16"),
        ("onnx-fp32", False, False, "onnx-fp32"),  # explicit choices are kept (and fail loudly if missing)
        ("torch-fp32", True, True, "torch-fp32"),
    ],
)
def test_resolve_runtime_picks_onnx_int8_for_auto_only_when_onnx_works(
    choice: str, onnx_ok: bool, amx: bool, expected: str
) -> None:
    assert resolve_runtime(choice, onnx_ok=onnx_ok, amx=amx) == expected


@pytest.mark.parametrize("bad", ["fp8", "onnx-int4", "ONNX"])
def test_unknown_runtime_is_refused_with_the_valid_choices(bad: str) -> None:
    with pytest.raises(ModelError, match="onnx-int8"):
        LensStance(embedder=object(), runtime=bad)


def test_onnx_file_is_named_after_weights_and_precision(tmp_path: Path) -> None:
    assert (
        stance_onnx.onnx_file(tmp_path, "abc123def456", "int8").name
        == f"stance-abc123def456-int8-{stance_onnx.INT8_SCHEME}.onnx"
    )
    assert stance_onnx.onnx_file(tmp_path, "abc123def456", "fp32").name == "stance-abc123def456-fp32.onnx"
    with pytest.raises(ModelError, match="int8"):
        stance_onnx.onnx_file(tmp_path, "abc123def456", "fp16")


def test_missing_onnx_package_says_how_to_install_or_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    assert not stance_onnx.onnx_available()
    with pytest.raises(ModelError, match=r"pip install onnx==.*runtime='torch-fp32'"):
        stance_onnx.ensure_onnx(tmp_path, "abc123def456", "int8", build_net=lambda: pytest.fail("built"))
    with pytest.raises(ModelError, match="onnx"):
        LensStance(embedder=object(), runtime="onnx-int8", cache_dir=tmp_path)


def test_two_builders_at_once_build_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    gate = threading.Event()

    def fake_export(net: object, tokenizer: object, path: Path) -> None:
        calls.append(1)
        gate.wait(0.3)  # hold the lock while the other thread arrives
        path.write_bytes(b"onnx")

    monkeypatch.setattr(stance_onnx, "export_onnx", fake_export)
    results: list[tuple[Path, bool]] = []

    def build() -> None:
        results.append(
            stance_onnx.ensure_onnx(tmp_path, "abc123def456", "fp32", build_net=lambda: (None, None))
        )

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert sorted(built for _, built in results) == [False, True]
    (path,) = {p for p, _ in results}
    assert path.read_bytes() == b"onnx"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []  # temp folder removed


@pytest.mark.real_models
def test_onnx_fp32_logits_match_torch(torch_lens: LensStance, onnx_lenses: dict[str, LensStance]) -> None:
    np.testing.assert_allclose(onnx_lenses["fp32"].logits(PAIRS), torch_lens.logits(PAIRS), atol=1e-3)


@pytest.mark.real_models
def test_onnx_int8_labels_agree_with_torch_on_most_pairs(
    torch_lens: LensStance, onnx_lenses: dict[str, LensStance]
) -> None:
    int8 = onnx_lenses["int8"].logits(PAIRS).argmax(1)
    assert (int8 == torch_lens.logits(PAIRS).argmax(1)).mean() >= 0.8


@pytest.mark.real_models
def test_onnx_int8_reads_a_pair_the_same_alone_or_among_others(onnx_lenses: dict[str, LensStance]) -> None:
    # The old per-tensor dynamic quantisation scaled a whole batch's activations together, so a pair's
    # probabilities moved (by up to 0.5) with the other pairs read beside it.
    lens = onnx_lenses["int8"]
    together = lens.logits(PAIRS)
    alone = np.concatenate([lens.logits([pair]) for pair in PAIRS])
    np.testing.assert_allclose(together, alone, atol=1e-4)
    shuffled = [PAIRS[i] for i in reversed(range(len(PAIRS)))]
    np.testing.assert_allclose(lens.logits(shuffled)[::-1], together, atol=1e-4)


@pytest.mark.real_models
def test_onnx_runtime_does_not_load_the_torch_network(onnx_lenses: dict[str, LensStance]) -> None:
    lens = onnx_lenses["int8"]
    assert lens.runtime == "onnx-int8" and lens.precision == "int8"
    assert not hasattr(lens, "_net")
    assert "onnx-int8" in lens.checkpoint


@pytest.mark.real_models
def test_second_load_reuses_the_cached_file(
    cache: Path, embedder: AxisEmbedder, onnx_lenses: dict[str, LensStance]
) -> None:
    path = onnx_lenses["int8"].onnx_path
    before = path.stat().st_mtime_ns
    again = LensStance(embedder=embedder, runtime="onnx-int8", cache_dir=cache)
    assert not again.built_onnx
    assert again.onnx_path == path
    assert path.stat().st_mtime_ns == before
    np.testing.assert_allclose(again.logits(PAIRS[:4]), onnx_lenses["int8"].logits(PAIRS[:4]), atol=1e-6)


@pytest.mark.real_models
@pytest.mark.parametrize("runtime", ["torch", "int8"])
def test_gate_first_never_runs_the_model_on_irrelevant_pairs_and_keeps_relevant_ones(
    runtime: str, torch_lens: LensStance, onnx_lenses: dict[str, LensStance], monkeypatch: pytest.MonkeyPatch
) -> None:
    lens = torch_lens if runtime == "torch" else onnx_lenses["int8"]
    pairs = [*PAIRS[:6], (PAIRS[0][0], "the price of tomatoes in Peru"), (PAIRS[2][0], "NATO")]
    relevant = lens.relevance(pairs)
    assert relevant.tolist() == [True] * 6 + [False, False]
    # int8 quantises activations per batch, so "unchanged" means: the model's answer on the relevant pairs
    expected = softmax(lens.logits(pairs[:6]) / lens.temperature)
    seen: list[tuple[str, str]] = []
    real_encode = lens._encode

    def spy(targets: list[str], texts: list[str]) -> dict[str, np.ndarray]:
        seen.extend(zip(texts, targets, strict=True))
        return real_encode(targets, texts)

    monkeypatch.setattr(lens, "_encode", spy)
    probs = lens.probabilities(pairs)
    assert {text for text, _ in seen} <= {t for t, _ in pairs[:6]}
    assert len(seen) == 6 and not any("tomatoes" in g or "NATO" in g for _, g in seen)
    np.testing.assert_allclose(probs[:6], expected, atol=1e-6)
    q = lens._gate_off_none
    np.testing.assert_allclose(probs[6:], [[(1 - q) / 2, (1 - q) / 2, q]] * 2)
    if runtime == "torch":  # fp32: the same as running the model on every pair and gating afterwards
        monkeypatch.undo()
        everything = lens.probabilities_from_logits(pairs, lens.logits(pairs))
        np.testing.assert_allclose(everything, probs, atol=1e-4)
        np.testing.assert_allclose(
            everything, combine(softmax(lens.logits(pairs) / lens.temperature), relevant)
        )


def test_int8_build_multiplies_in_integers_with_one_scale_per_token(tmp_path: Path) -> None:
    # The shipped int8 build: int8 weights (one scale per output column) times uint8 activations quantised
    # with one scale per token. A token's result is the integer reference below whatever else is in the
    # batch, and a token 100x larger beside it changes nothing (one scale per batch would coarsen it).
    pytest.importorskip("onnxruntime")
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    weight = rng.normal(size=(8, 4)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, None, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, None, 4])],
        [numpy_helper.from_array(weight, "w")],
    )
    src, dest = tmp_path / "fp32.onnx", tmp_path / "int8.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(src))
    stance_onnx.quantize_int8(src, dest)
    ops = {n.op_type for n in onnx.load(str(dest)).graph.node}
    assert "MatMulInteger" in ops and "MatMul" not in ops
    session = ort.InferenceSession(str(dest), providers=["CPUExecutionProvider"])
    x = rng.normal(size=(1, 3, 8)).astype(np.float32)
    w_scale = np.abs(weight).max(0) / 127.0
    x_scale = np.abs(x).max(-1, keepdims=True) / 127.0
    reference = (np.round(x / x_scale) @ np.round(weight / w_scale)) * x_scale * w_scale
    alone = session.run(["y"], {"x": x})[0]
    np.testing.assert_allclose(alone, reference, rtol=1e-5, atol=1e-5)
    loud = np.concatenate([x, 100.0 * rng.normal(size=(1, 3, 8)).astype(np.float32)])
    np.testing.assert_array_equal(session.run(["y"], {"x": loud})[0][:1], alone)
