"""The bundled encoder on ONNX Runtime: same tokens and vectors as torch, built once, no torch to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from statement_lens.errors import ModelError
from statement_lens.models.embedder import MiniLMEmbedder, minilm_dir, resolve_embedder_runtime
from statement_lens.models.fast_tokenizer import FastTokenizer

TEXTS = [
    "We must step up defence production for Ukraine.",
    "Ünïcode — “curly quotes”, a façade, 123,456.78 and e-mail@nato.int",
    "",
    "word " * 400,  # longer than the 256-token window
    "NATO Allies have delivered unprecedented support.",
]


@pytest.fixture(scope="module")
def hf_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_dir())


def test_fast_tokenizer_gives_transformers_ids_for_single_texts(hf_tokenizer) -> None:
    ours = FastTokenizer(minilm_dir()).encode(TEXTS, 256)
    ref = hf_tokenizer(TEXTS, truncation=True, max_length=256, padding=True, return_tensors="np")
    assert ours["input_ids"].shape == (len(TEXTS), 256)
    for key, arr in ours.items():
        np.testing.assert_array_equal(arr, ref[key])


def test_fast_tokenizer_truncates_pairs_longest_first_like_transformers(hf_tokenizer) -> None:
    from statement_lens.stance.lens_net import encode_pairs

    targets = ["The speaker supports Ukraine."] * len(TEXTS)
    for max_length in (160, 24):
        ours = FastTokenizer(minilm_dir()).encode_pairs(targets, TEXTS, max_length)
        ref = encode_pairs(hf_tokenizer, targets, TEXTS, max_length)
        assert ours["input_ids"].shape[1] <= max_length
        for key, arr in ours.items():
            np.testing.assert_array_equal(arr, ref[key].numpy())


def test_unknown_embedder_runtime_names_the_choices() -> None:
    with pytest.raises(ModelError, match=r"'auto', 'onnx', 'torch'"):
        resolve_embedder_runtime("onnx-int8", onnx_ok=True)
    assert resolve_embedder_runtime("auto", onnx_ok=False) == "torch"
    assert resolve_embedder_runtime("auto", onnx_ok=True) == "onnx"


@pytest.mark.real_models
def test_onnx_embedder_builds_once_and_matches_torch_vectors(tmp_path: Path) -> None:
    onnx = MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path, precision="fp32")
    assert onnx.built_onnx and onnx.onnx_path is not None and onnx.onnx_path.parent == tmp_path
    again = MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path, precision="fp32")
    assert not again.built_onnx and again.onnx_path == onnx.onnx_path
    torch_vecs = MiniLMEmbedder(runtime="torch").embed(TEXTS)
    vecs = again.embed(TEXTS)
    assert vecs.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vecs, torch_vecs, atol=1e-5)


@pytest.mark.real_models
def test_default_onnx_encoder_is_int8_close_to_fp32_and_independent_of_batch_mates(tmp_path: Path) -> None:
    int8 = MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path)
    fp32 = MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path, precision="fp32")
    assert int8.precision == "int8" and int8.onnx_path is not None
    assert int8.onnx_path.name.endswith("-int8-q8tok.onnx") and int8.onnx_path != fp32.onnx_path
    assert not MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path).built_onnx  # built once, then reused
    texts = [t for t in TEXTS if t]
    vecs = int8.embed(texts)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.einsum("ij,ij->i", vecs, fp32.embed(texts)).min() >= 0.98
    # a text's vector is the same alone and padded in one batch with others (so the cache is exact)
    batch = int8._tokenize(texts[:2] + texts[3:])
    together = int8._forward(batch)
    for i, text in enumerate(texts[:2] + texts[3:]):
        int8.clear_cache()
        np.testing.assert_allclose(together[i], int8.embed([text])[0], atol=1e-5)


def test_unknown_embedder_precision_names_the_choices() -> None:
    with pytest.raises(ModelError, match=r"'int8', 'fp32'"):
        MiniLMEmbedder(precision="int4")


@pytest.mark.real_models
def test_default_analysis_runs_without_importing_torch_transformers_or_nltk(
    tmp_path: Path, seed_text: str
) -> None:
    from statement_lens.stance.lens_v2 import LensStanceV2

    # building the ONNX files needs torch: do it here, so the child process only opens cached files
    MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path)
    LensStanceV2(embedder=object(), runtime="onnx-int8", cache_dir=tmp_path)  # v2 and its issue network (v1)
    code = f"""
import os, sys
os.environ["STATEMENT_LENS_CACHE_DIR"] = {str(tmp_path)!r}
from statement_lens.pipeline.analysis import analyze
from statement_lens.config import Settings
from statement_lens.ingest import statement_from_text
from statement_lens.services import load_services
services = load_services(Settings(data_dir={str(tmp_path / "data")!r}))
assert not services.failures, services.failures
result = analyze(statement_from_text(sys.stdin.read()), ["Ukraine"], services=services)
print(services.embedder.runtime, services.stance.runtime, len(result.quotes), len(result.stance))
print(sorted(m for m in ("torch", "transformers", "nltk", "sentence_transformers") if m in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], input=seed_text, capture_output=True, text=True, check=True
    ).stdout
    runtimes, modules = out.strip().splitlines()[-2:]
    embedder_runtime, stance_runtime, n_quotes, n_stance = runtimes.split()
    assert (embedder_runtime, stance_runtime) == ("onnx", "onnx-int8")
    assert int(n_quotes) >= 5 and int(n_stance) >= 5
    assert modules == "[]"


def test_spacy_loads_without_torch_and_torch_still_imports_afterwards() -> None:
    code = """
import sys
from statement_lens.text.nlp import run
doc = run(["Jens Stoltenberg spoke in Brussels."])[0]
print([e.label_ for e in doc.ents], "torch" in sys.modules)
import torch
print(torch.ones(2).sum().item())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["['PERSON', 'GPE'] False", "2.0"]


@pytest.mark.parametrize(("omp", "expected"), [("1", 1), ("3", 3), ("", None), ("zero", None), ("0", None)])
def test_onnx_threads_follow_omp_num_threads_when_set(
    monkeypatch: pytest.MonkeyPatch, omp: str, expected: int | None
) -> None:
    import os

    from statement_lens.models.onnx_cache import physical_cores

    monkeypatch.setenv("OMP_NUM_THREADS", omp)
    assert physical_cores() == (expected or len(os.sched_getaffinity(0)))


@pytest.mark.real_models
def test_auto_runtime_falls_back_to_torch_when_the_onnx_cache_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    embedder = MiniLMEmbedder(runtime="auto", cache_dir=blocked / "models")
    assert embedder.runtime == "torch"
    assert embedder.embed(["Hello."]).shape == (1, 384)
    with pytest.raises(ModelError, match="STATEMENT_LENS_CACHE_DIR"):
        MiniLMEmbedder(runtime="onnx", cache_dir=blocked / "models")


@pytest.mark.real_models
def test_onnx_sessions_hand_out_parallel_work_in_shrinking_blocks(tmp_path: Path) -> None:
    embedder = MiniLMEmbedder(runtime="onnx", cache_dir=tmp_path)
    options = embedder._session.get_session_options()
    assert options.get_session_config_entry("session.dynamic_block_base") == "4"
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
