"""Load transformers checkpoints from a local folder or the Hugging Face Hub, with one clear error.

A checkpoint setting (``stance_checkpoint``, ``summarizer_checkpoint``) holds either a local folder
written by ``save_pretrained`` / ``huggingface-cli download --local-dir`` or a hub id such as
``facebook/bart-large-mnli``. A hub id is served from the local Hugging Face cache when it is there;
otherwise it is downloaded, and when the hub cannot be reached (``HF_HUB_OFFLINE`` set, no network)
the caller gets one :class:`~statement_lens.errors.ModelError` that says how to fix it, never a raw
``OSError`` or HTTP traceback.

``transformers`` is imported inside the functions that need it, so importing this module is cheap.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from statement_lens.errors import ConfigError, ModelError, ModelNotFoundError

T = TypeVar("T")

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
_COMMIT = re.compile(r"[0-9a-f]{40}")
_TRUE = {"1", "true", "yes", "on"}
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "tf_model.h5")
_LICENCE = re.compile(r"^licen[cs]e:\s*(\S.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Provenance:
    """Where a loaded model came from: enough to reproduce an analysis."""

    name: str  # registered backend name, e.g. "stance.nli.v1"
    checkpoint: str  # the setting as given: hub id or folder
    revision: str  # commit hash, "sha256-1MB:<hex>" of the weights, or "local"
    source: str  # "local folder", "hub cache", "hub download" or "package <name>"
    licence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class CheckpointRef:
    """A checkpoint setting resolved to either a local folder or a hub id."""

    checkpoint: str
    folder: str | None = None
    hub_id: str | None = None

    @property
    def is_local(self) -> bool:
        """True when the checkpoint is a folder on this machine."""
        return self.folder is not None


@dataclass(frozen=True)
class Loaded:
    """A model, its tokenizer and where they came from."""

    model: Any
    tokenizer: Any
    provenance: Provenance


def setting_hint(setting: str) -> str:
    """Where a user sets ``setting`` (e.g. ``stance_checkpoint``): environment variable and TOML key."""
    return f"STATEMENT_LENS_{setting.upper()} or statement_lens.toml [models] {setting}"


def _looks_like_path(value: str) -> bool:
    return (
        value.startswith(("/", "./", "../", "~", "\\"))
        or value.count("/") > 1
        or "\\" in value
        or bool(re.match(r"^[A-Za-z]:[\\/]", value))
    )


def resolve_checkpoint(checkpoint: str | None, *, setting: str) -> CheckpointRef:
    """Decide whether ``checkpoint`` is a local folder or a hub id.

    Args:
        checkpoint: The setting's value: a folder path or a hub id (``owner/name``).
        setting: The setting's name (``stance_checkpoint``), used in error messages.

    Returns:
        The resolved reference.

    Raises:
        ConfigError: The setting is empty or is neither an existing folder nor a valid hub id.
        ModelNotFoundError: The value is a path to a folder that does not exist.
    """
    value = (checkpoint or "").strip()
    if not value:
        raise ConfigError(
            f"No checkpoint is set for {setting}. Set {setting_hint(setting)} to a local model folder "
            "or a Hugging Face Hub id."
        )
    path = Path(value).expanduser()
    if path.is_dir():
        return CheckpointRef(checkpoint=value, folder=str(path.resolve()))
    if path.exists():
        raise ConfigError(
            f"The checkpoint {value!r} ({setting}) is a file, not a folder. Point {setting_hint(setting)} "
            "at the folder that holds config.json and the weights."
        )
    if _looks_like_path(value):
        raise ModelNotFoundError(
            f"The checkpoint folder {value!r} ({setting}) does not exist. Point {setting_hint(setting)} at "
            "an existing folder written by save_pretrained or `huggingface-cli download --local-dir`."
        )
    if not _HUB_ID.match(value):
        raise ConfigError(
            f"The checkpoint {value!r} ({setting}) is neither an existing folder nor a Hugging Face Hub id "
            "(expected 'owner/name', e.g. 'facebook/bart-large-mnli')."
        )
    return CheckpointRef(checkpoint=value, hub_id=value)


def hub_unreachable_error(checkpoint: str, *, setting: str) -> ModelError:
    """The one error a user sees when a hub id cannot be fetched: what happened and what to do."""
    folder = "models/" + checkpoint.rsplit("/", 1)[-1]
    return ModelError(
        f"The checkpoint {checkpoint!r} could not be loaded because the Hugging Face Hub is unreachable "
        "(no network, or HF_HUB_OFFLINE is set) and it is not in the local Hugging Face cache. "
        f"Fix: on a machine with network run `huggingface-cli download {checkpoint} --local-dir {folder}` "
        f"(or `hf download {checkpoint} --local-dir {folder}`, or load it there and call "
        "save_pretrained(folder) on the model and the tokenizer), copy the "
        f"folder here, and point {setting_hint(setting)} at it, e.g. "
        f"`export STATEMENT_LENS_{setting.upper()}={folder}`."
    )


def hub_offline(env: dict[str, str] | None = None) -> bool:
    """True when the environment forbids hub access (``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE``)."""
    env = dict(os.environ) if env is None else env
    return any(env.get(k, "").strip().lower() in _TRUE for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether a TCP connection to the hub endpoint (``HF_ENDPOINT``) opens within ``timeout`` seconds.

    A cheap probe before a download: without it a failing download retries for tens of seconds.
    """
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host = url.hostname or "huggingface.co"
    port = url.port or (80 if url.scheme == "http" else 443)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def load_pretrained(loader: Callable[..., T], ref: CheckpointRef, *, setting: str, **kwargs: Any) -> T:
    """Call a ``from_pretrained``-style ``loader`` on ``ref``, turning every load failure into ModelError.

    Args:
        loader: E.g. ``AutoTokenizer.from_pretrained``.
        ref: The resolved checkpoint.
        setting: The setting's name, for the error message.
        **kwargs: Passed to ``loader``.

    Returns:
        What ``loader`` returns.

    Raises:
        ModelError: The folder does not hold a loadable checkpoint, or the hub id cannot be fetched.
    """
    if ref.folder is not None:
        try:
            return loader(ref.folder, **kwargs)
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise ModelError(
                f"Could not load the checkpoint folder {ref.folder!r} ({setting}): {exc}. "
                "The folder must hold config.json, the weights and the tokenizer files as written by "
                "save_pretrained; point "
                f"{setting_hint(setting)} at such a folder."
            ) from exc
    hub_id = ref.hub_id or ref.checkpoint
    try:
        return loader(hub_id, local_files_only=True, **kwargs)
    except OSError:
        pass  # not (fully) in the local cache: download below
    except (ValueError, KeyError) as exc:
        raise ModelError(f"The cached copy of {hub_id!r} ({setting}) cannot be loaded: {exc}.") from exc
    if hub_offline() or not hub_reachable():
        raise hub_unreachable_error(hub_id, setting=setting) from None
    try:
        return loader(hub_id, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"Could not load {hub_id!r} ({setting}) from the Hugging Face Hub: {exc}. Check the id on "
            f"https://huggingface.co/{hub_id}, or download it and point {setting_hint(setting)} "
            "at the folder."
        ) from None


def weights_file(folder: str | os.PathLike[str]) -> Path | None:
    """The main weights file in ``folder`` (safetensors, bin, the first shard or a GGUF file), if any."""
    root = Path(folder)
    for name in _WEIGHT_FILES:
        p = root / name
        if p.is_file():
            if name.endswith(".index.json"):
                shards = sorted(root.glob("model-*.safetensors"))
                return shards[0] if shards else p
            return p
    ggufs = sorted(root.glob("*.gguf"))
    return ggufs[0] if ggufs else None


def file_fingerprint(path: str | os.PathLike[str], *, nbytes: int = 1 << 20) -> str:
    """``sha256-1MB:<16 hex>`` of the first ``nbytes`` of a file: a cheap, stable revision of weights."""
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read(nbytes)).hexdigest()[:16]
    return f"sha256-1MB:{digest}"


def revision_of(folder: str | None, config: Any = None) -> str:
    """Best known revision: the hub commit hash, else a fingerprint of the weights, else ``"local"``.

    Args:
        folder: The local folder the model was loaded from (None for a hub id).
        config: The loaded model config (its ``_commit_hash`` is set when it came from the hub cache).
    """
    commit = getattr(config, "_commit_hash", None)
    if isinstance(commit, str) and _COMMIT.fullmatch(commit):
        return commit
    if folder is None:
        return "unknown"
    parts = Path(folder).parts
    if "snapshots" in parts:
        i = parts.index("snapshots")
        if i + 1 < len(parts) and _COMMIT.fullmatch(parts[i + 1]):
            return parts[i + 1]
    weights = weights_file(folder)
    return file_fingerprint(weights) if weights is not None else "local"


def licence_of(folder: str | None) -> str | None:
    """The ``license:`` entry of the model card (README.md front matter) in ``folder``, if present."""
    if folder is None:
        return None
    card = Path(folder) / "README.md"
    if not card.is_file():
        return None
    head = card.read_text(encoding="utf-8", errors="replace")[:4000]
    if not head.startswith("---"):
        return None
    front = head.split("---", 2)[1] if head.count("---") >= 2 else ""
    m = _LICENCE.search(front)
    return m.group(1).strip().strip("'\"") if m else None


def model_window(tokenizer: Any, config: Any, *, default: int = 512) -> int:
    """Longest input in tokens the model accepts: min of the tokenizer's and the config's limits."""
    limits = []
    tmax = getattr(tokenizer, "model_max_length", None)
    if isinstance(tmax, int) and 0 < tmax < 1_000_000:
        limits.append(tmax)
    for attr in ("max_position_embeddings", "n_positions", "max_seq_len"):
        value = getattr(config, attr, None)
        if isinstance(value, int) and value > 0:
            limits.append(value)
    return min(limits) if limits else default


def load_model_and_tokenizer(
    model_loader: Callable[..., Any],
    checkpoint: str | None,
    *,
    name: str,
    setting: str,
    model_kwargs: dict[str, Any] | None = None,
    tokenizer_kwargs: dict[str, Any] | None = None,
) -> Loaded:
    """Load a tokenizer and a model (in eval mode) from a folder or hub id, with provenance.

    Args:
        model_loader: E.g. ``AutoModelForSequenceClassification.from_pretrained``.
        checkpoint: The setting's value.
        name: The registered backend name (for provenance).
        setting: The setting's name (for error messages).
        model_kwargs: Extra arguments for the model loader.
        tokenizer_kwargs: Extra arguments for ``AutoTokenizer.from_pretrained``.

    Returns:
        The loaded model and tokenizer with their provenance.
    """
    from transformers import AutoTokenizer

    ref = resolve_checkpoint(checkpoint, setting=setting)
    tokenizer = load_pretrained(
        AutoTokenizer.from_pretrained, ref, setting=setting, **(tokenizer_kwargs or {})
    )
    model = load_pretrained(model_loader, ref, setting=setting, **(model_kwargs or {}))
    model.eval()
    source = "local folder" if ref.is_local else "hub"
    prov = Provenance(
        name=name,
        checkpoint=ref.checkpoint,
        revision=revision_of(ref.folder, getattr(model, "config", None)),
        source=source,
        licence=licence_of(ref.folder),
    )
    return Loaded(model=model, tokenizer=tokenizer, provenance=prov)
