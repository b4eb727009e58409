"""Checkpoint resolution, the no-network message and provenance for the transformers backends."""

from __future__ import annotations

import hashlib
import json
import socket
from types import SimpleNamespace

import pytest

from statement_lens.config import Settings
from statement_lens.errors import ConfigError, ModelError, ModelNotFoundError
from statement_lens.models import create, hf_loading
from statement_lens.models.hf_loading import (
    file_fingerprint,
    hub_offline,
    hub_unreachable_error,
    licence_of,
    model_window,
    resolve_checkpoint,
    revision_of,
)

COMMIT = "d7645e127eaf1aefc7862fd59a17a5aa8558b8ce"


def test_resolve_checkpoint_takes_an_existing_folder_as_local(tmp_path):
    ref = resolve_checkpoint(str(tmp_path), setting="stance_checkpoint")
    assert ref.is_local
    assert ref.folder == str(tmp_path.resolve())
    assert ref.hub_id is None


@pytest.mark.parametrize(
    "hub_id", ["facebook/bart-large-mnli", "distilgpt2", "MoritzLaurer/DeBERTa-v3-base-mnli"]
)
def test_resolve_checkpoint_takes_owner_name_as_hub_id(hub_id):
    ref = resolve_checkpoint(hub_id, setting="stance_checkpoint")
    assert not ref.is_local
    assert ref.hub_id == hub_id


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (None, ConfigError, "STATEMENT_LENS_STANCE_CHECKPOINT"),
        ("   ", ConfigError, "No checkpoint is set"),
        ("/no/such/folder/model", ModelNotFoundError, "does not exist"),
        ("./missing-model", ModelNotFoundError, "does not exist"),
        ("not a valid id!!", ConfigError, "neither an existing folder nor a Hugging Face Hub id"),
    ],
)
def test_resolve_checkpoint_rejects_bad_settings_with_a_fix(value, error, fragment):
    with pytest.raises(error) as info:
        resolve_checkpoint(value, setting="stance_checkpoint")
    assert fragment in str(info.value)


def test_resolve_checkpoint_rejects_a_file(tmp_path):
    f = tmp_path / "model.safetensors"
    f.write_bytes(b"x")
    with pytest.raises(ConfigError, match="is a file, not a folder"):
        resolve_checkpoint(str(f), setting="summarizer_checkpoint")


@pytest.mark.parametrize(
    ("env", "offline"),
    [
        ({}, False),
        ({"HF_HUB_OFFLINE": "1"}, True),
        ({"HF_HUB_OFFLINE": "true"}, True),
        ({"HF_HUB_OFFLINE": "0"}, False),
        ({"TRANSFORMERS_OFFLINE": "yes"}, True),
    ],
)
def test_hub_offline_reads_the_environment(env, offline):
    assert hub_offline(env) is offline


def test_hub_unreachable_message_says_what_happened_and_how_to_fix_it():
    msg = str(hub_unreachable_error("facebook/bart-large-mnli", setting="stance_checkpoint"))
    assert "'facebook/bart-large-mnli' could not be loaded because the Hugging Face Hub is unreachable" in msg
    assert "huggingface-cli download facebook/bart-large-mnli --local-dir" in msg
    assert "save_pretrained" in msg
    assert "STATEMENT_LENS_STANCE_CHECKPOINT" in msg
    assert "[models] stance_checkpoint" in msg


@pytest.mark.parametrize(
    ("task", "backend", "setting", "env_name"),
    [
        ("stance", "nli", "stance_checkpoint", "STATEMENT_LENS_STANCE_CHECKPOINT"),
        ("summarizer", "seq2seq", "summarizer_checkpoint", "STATEMENT_LENS_SUMMARIZER_CHECKPOINT"),
    ],
)
def test_hub_id_without_network_raises_one_model_error_with_the_fix(
    monkeypatch, task, backend, setting, env_name
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = Settings(**{task: backend, setting: "facebook/bart-large-mnli"})
    with pytest.raises(ModelError) as info:
        create(task, backend, settings=settings)
    err = info.value
    assert "Hugging Face Hub is unreachable" in str(err)
    assert "huggingface-cli download facebook/bart-large-mnli" in str(err)
    assert env_name in str(err)
    assert err.__cause__ is None and err.__suppress_context__  # no raw OSError chained into the traceback


def test_hub_id_with_failing_network_gives_the_same_message(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(hf_loading, "hub_reachable", lambda timeout=3.0: False)
    with pytest.raises(ModelError, match="Hugging Face Hub is unreachable"):
        create("stance", "nli", settings=Settings(stance_checkpoint="facebook/bart-large-mnli"))


def test_hub_reachable_is_false_when_the_endpoint_refuses(monkeypatch):
    with socket.socket() as s:  # find a local port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    assert hf_loading.hub_reachable(timeout=1.0) is False


def test_folder_without_a_model_gives_a_model_error_naming_save_pretrained(tmp_path):
    with pytest.raises(ModelError, match="save_pretrained") as info:
        create("stance", "nli", settings=Settings(stance_checkpoint=str(tmp_path)))
    assert str(tmp_path.resolve()) in str(info.value)


def test_revision_prefers_the_config_commit_hash(tmp_path):
    assert revision_of(str(tmp_path), SimpleNamespace(_commit_hash=COMMIT)) == COMMIT


def test_revision_reads_the_commit_from_a_hub_cache_snapshot_path(tmp_path):
    folder = tmp_path / "models--x--y" / "snapshots" / COMMIT
    folder.mkdir(parents=True)
    assert revision_of(str(folder), None) == COMMIT


def test_revision_fingerprints_the_first_megabyte_of_local_weights(tmp_path):
    payload = b"a" * (1 << 20) + b"tail that is ignored"
    (tmp_path / "model.safetensors").write_bytes(payload)
    expected = "sha256-1MB:" + hashlib.sha256(payload[: 1 << 20]).hexdigest()[:16]
    assert revision_of(str(tmp_path), None) == expected
    assert file_fingerprint(tmp_path / "model.safetensors") == expected


def test_revision_is_local_without_weights(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({}))
    assert revision_of(str(tmp_path), None) == "local"


def test_licence_comes_from_the_model_card_front_matter(tmp_path):
    (tmp_path / "README.md").write_text("---\nlanguage: en\nlicense: apache-2.0\n---\n# Model\n")
    assert licence_of(str(tmp_path)) == "apache-2.0"
    assert licence_of(None) is None


@pytest.mark.parametrize(
    ("tok_max", "config", "expected"),
    [
        (512, {"max_position_embeddings": 514}, 512),
        (int(1e30), {"max_position_embeddings": 1024}, 1024),
        (int(1e30), {"n_positions": 512}, 512),
        (None, {}, 512),
        (128, {}, 128),
    ],
)
def test_model_window_takes_the_tighter_limit(tok_max, config, expected):
    assert model_window(SimpleNamespace(model_max_length=tok_max), SimpleNamespace(**config)) == expected
