"""One settings object: defaults in code, overrides from a TOML file and environment variables.

Precedence (last wins): defaults → ``statement_lens.toml`` (or the file named by
``STATEMENT_LENS_CONFIG``) → environment variables ``STATEMENT_LENS_<FIELD>``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from statement_lens.errors import ConfigError

# Bumped when the engine's output changes for the same settings (so stored analyses are redone, not reused):
# 2 = summaries skip ceremonial sentences; 3 = they get topic "Other"; 4 = no forms of address as targets;
# 5 = summary length scales with the statement's length; 6 = no generic nouns or variant names as targets;
# 7 = a speech with a few embedded quotations is analysed by its sentences; 8 = stance read per target
# mention (stance.lens.v2) with its evidence; 9 = the sentence encoder runs an int8 build (topic scores
# and a few relevance-gate decisions move); 10 = stance.lens.v2 is a network distilled from five
# teachers, read without logit biases, and targets lose possessives and party tags (stance labels move).
ENGINE_REVISION = 10
DEFAULT_STANCE = "stance.lens.v2"  # the trained model (see stance/weights/stance_lens_v2/MODEL_CARD.md)
DEFAULT_SUMMARIZER = "summarizer.extractive.v1"
DEFAULT_EMBEDDER = "embedder.minilm.v1"


@dataclass(frozen=True)
class Settings:
    """Which backend and checkpoint each task uses, plus thresholds and the data directory."""

    stance: str = DEFAULT_STANCE
    stance_checkpoint: str | None = None  # hub id or local folder for nli backends
    # stance.lens.v1 runtime: auto (ONNX Runtime int8 when it works, else torch), onnx-int8, onnx-fp32,
    # torch-fp32, torch-bf16
    stance_runtime: str = "auto"
    summarizer: str = DEFAULT_SUMMARIZER
    summarizer_checkpoint: str | None = None  # hub id or local folder for seq2seq/causal
    embedder: str = DEFAULT_EMBEDDER
    # embedder.minilm.v1 runtime: auto (ONNX Runtime int8 when it works, else torch fp32), onnx, torch
    embedder_runtime: str = "auto"
    taxonomy: str = "cap"  # builtin name or path to a TOML/YAML taxonomy file
    topic_threshold: float = 0.2
    review_threshold: float = 0.6
    # Speeches without quotations are analysed sentence by sentence; a sentence goes to the stance model
    # only when it mentions the target or its MiniLM cosine to the target reaches this (stance/gate.py).
    sentence_gate_cosine: float = 0.3
    # Also report reported speech without quote marks ("X said that ...") as quotations of kind "indirect".
    indirect_quotes: bool = False
    # Sentences per summary; 0 = "auto": 3 for news-length texts, more for long ones (summary.summary_length).
    summary_sentences: int = 0
    data_dir: str = field(
        default_factory=lambda: os.environ.get("STATEMENT_LENS_DATA_DIR", ".statement_lens")
    )
    hypothesis_template: str = "The speaker supports {}."
    # Analyst aliases of targets, one "Target = alias, alias" per line ("Russia = Putin, Kremlin"); added to
    # the demonyms, capitals and surnames found automatically (statement_lens.stance.aliases).
    stance_aliases: str = ""

    def model_fingerprint(self) -> dict[str, Any]:
        """Settings that change analysis results (excludes the data directory), plus the engine revision."""
        d = asdict(self)
        d.pop("data_dir")
        d["engine_revision"] = ENGINE_REVISION
        taxonomy = Path(self.taxonomy)
        if taxonomy.suffix.lower() in {".toml", ".yaml", ".yml"} and taxonomy.is_file():
            # a taxonomy file edited in place must change the configuration hash
            d["taxonomy_sha256"] = hashlib.sha256(taxonomy.read_bytes()).hexdigest()[:16]
        return d

    def config_hash(self) -> str:
        """A stable short hash of everything that changes analysis results."""
        blob = json.dumps(self.model_fingerprint(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with some fields replaced (unknown names raise ConfigError)."""
        known = {f.name for f in fields(self)}
        bad = sorted(set(overrides) - known)
        if bad:
            raise ConfigError(f"Unknown setting(s) {bad}. Valid settings: {sorted(known)}.")
        return replace(self, **overrides)


def _summary_sentences(raw: Any) -> int:
    """``"auto"`` or 0 (length scales with the text), or a positive number of sentences."""
    if str(raw).strip().lower() == "auto":
        return 0
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"Setting summary_sentences must be 'auto' or an integer, got {raw!r}.") from exc
    if value < 0:
        raise ConfigError(f"Setting summary_sentences must be 0 (auto) or positive, got {value}.")
    return value


_FIELD_PARSERS = {"summary_sentences": _summary_sentences}


def _coerce(name: str, raw: Any, template: Any) -> Any:
    if isinstance(template, bool):
        return str(raw).lower() in {"1", "true", "yes", "on"}
    if isinstance(template, float):
        try:
            return float(raw)
        except ValueError as exc:
            raise ConfigError(f"Setting {name} must be a number, got {raw!r}.") from exc
    if name in _FIELD_PARSERS:
        return _FIELD_PARSERS[name](raw)
    if isinstance(template, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"Setting {name} must be an integer, got {raw!r}.") from exc
    return None if raw in ("", None) else str(raw)


def load_settings(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from defaults, a TOML file and environment variables."""
    env = dict(os.environ) if env is None else env
    base = Settings()
    values: dict[str, Any] = {}
    cfg_path = Path(path) if path else Path(env.get("STATEMENT_LENS_CONFIG", "statement_lens.toml"))
    if cfg_path.is_file():
        try:
            data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{cfg_path} is not valid TOML: {exc}. Fix the file or remove it.") from exc
        section = data.get("models", {}) | {k: v for k, v in data.items() if not isinstance(v, dict)}
        values.update(section)
    elif path is not None:
        raise ConfigError(f"Config file {cfg_path} does not exist. Pass an existing TOML file.")
    for f in fields(base):
        key = f"STATEMENT_LENS_{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    coerced = {k: _coerce(k, v, getattr(base, k, "")) for k, v in values.items()}
    return base.with_overrides(**coerced)
