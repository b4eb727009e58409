"""Dashboard preferences saved in the data directory: targets, review threshold, active models, taxonomy.

``<data_dir>/dashboard.toml`` holds the preferences; an edited taxonomy is saved as
``<data_dir>/taxonomies/custom-<fingerprint>.toml`` so that a changed taxonomy is a changed setting (and
so a new
configuration hash: analyses made with the old topics are never shown as if made with the new ones).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from statement_lens.config import Settings
from statement_lens.errors import ConfigError

PREFS_FILE = "dashboard.toml"
MODEL_FIELDS = ("stance", "summarizer", "embedder", "taxonomy")


@dataclass(frozen=True)
class Prefs:
    """What the analyst set in the dashboard; ``None``/empty means "use the configured default"."""

    targets: tuple[str, ...] = ()
    review_threshold: float | None = None
    models: Mapping[str, str] = field(default_factory=dict)
    indirect_quotes: bool | None = None  # also report "X said that ..." without quote marks
    aliases: str | None = None  # "Russia = Putin, Kremlin" lines (Settings.stance_aliases)

    def with_(self, **changes: Any) -> Prefs:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


def _toml_str(s: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL character.
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ConfigError(f"Cannot save the number {v!r}: use a finite number.")
        return repr(v)
    if isinstance(v, str):
        return _toml_str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise ConfigError(f"Cannot save a value of type {type(v).__name__} in TOML.")


def to_toml(doc: Mapping[str, Any]) -> str:
    """Write a small TOML document: scalars, lists, tables and arrays of tables (None values skipped)."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, Sequence[Mapping[str, Any]]]] = []
    for k, v in doc.items():
        if v is None:
            continue
        if isinstance(v, Mapping):
            tables.append((k, v))
        elif isinstance(v, list | tuple) and v and all(isinstance(x, Mapping) for x in v):
            arrays.append((k, v))
        else:
            lines.append(f"{k} = {_toml_value(v)}")
    for k, table in tables:
        lines += ["", f"[{k}]"] + [f"{kk} = {_toml_value(vv)}" for kk, vv in table.items() if vv is not None]
    for k, items in arrays:
        for item in items:
            lines += ["", f"[[{k}]]"] + [
                f"{kk} = {_toml_value(vv)}" for kk, vv in item.items() if vv is not None
            ]
    return "\n".join(lines) + "\n"


def load_prefs(data_dir: str | Path) -> Prefs:
    """Read ``dashboard.toml`` from the data directory (defaults when it does not exist)."""
    path = Path(data_dir) / PREFS_FILE
    if not path.is_file():
        return Prefs()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"Cannot read {path}: {exc}. Fix or delete the file to reset dashboard settings."
        ) from exc
    threshold = doc.get("review_threshold")
    models = doc.get("models", {})
    indirect = doc.get("indirect_quotes")
    return Prefs(
        targets=tuple(str(t) for t in doc.get("targets", []) if str(t).strip()),
        review_threshold=float(threshold) if isinstance(threshold, int | float) else None,
        models={k: str(v) for k, v in models.items() if k in MODEL_FIELDS and str(v).strip()},
        indirect_quotes=indirect if isinstance(indirect, bool) else None,
        aliases=str(doc["aliases"]) if isinstance(doc.get("aliases"), str) else None,
    )


def save_prefs(data_dir: str | Path, prefs: Prefs) -> Path:
    """Write ``dashboard.toml`` atomically (write a temporary file, then rename)."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PREFS_FILE
    doc = {
        "targets": list(prefs.targets),
        "review_threshold": prefs.review_threshold,
        "indirect_quotes": prefs.indirect_quotes,
        "aliases": prefs.aliases,
        "models": dict(prefs.models) or None,
    }
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(to_toml(doc), encoding="utf-8")
    tmp.replace(path)
    return path


def effective_settings(base: Settings, prefs: Prefs) -> Settings:
    """The configured settings with the dashboard's model and quotation choices.

    The review threshold is display-only and stays out of the settings (and the configuration hash).
    """
    overrides: dict[str, Any] = {k: v for k, v in prefs.models.items() if k in MODEL_FIELDS}
    if prefs.indirect_quotes is not None:
        overrides["indirect_quotes"] = prefs.indirect_quotes
    if prefs.aliases is not None:
        overrides["stance_aliases"] = prefs.aliases
    return base.with_overrides(**overrides) if overrides else base


def review_threshold(settings: Settings, prefs: Prefs) -> float:
    """The threshold below which a confidence counts as "needs review"."""
    return prefs.review_threshold if prefs.review_threshold is not None else settings.review_threshold


def parse_targets(text: str) -> tuple[str, ...]:
    """Targets from a text box: one per line or comma-separated; blanks and duplicates dropped."""
    items = [p.strip() for line in text.splitlines() for p in line.split(",")]
    return tuple(dict.fromkeys(p for p in items if p))


def topics_to_rows(taxonomy_dict: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Editable rows (name, code, description, ``;``-separated seeds) from ``Taxonomy.to_dict()``."""
    return [
        {
            "name": t["name"],
            "code": t.get("code"),
            "description": t.get("description", ""),
            "seeds": "; ".join(t.get("seeds", [])),
        }
        for t in taxonomy_dict.get("topics", [])
    ]


def rows_to_taxonomy_doc(rows: Sequence[Mapping[str, Any]], *, name: str = "custom") -> dict[str, Any]:
    """The taxonomy file document from edited rows (rows without a name are skipped)."""
    topics = []
    for r in rows:
        topic_name = str(r.get("name") or "").strip()
        if not topic_name:
            continue
        code = r.get("code")
        code_ok = (
            code is not None and not (isinstance(code, float) and math.isnan(code)) and str(code).strip()
        )
        seeds = [s.strip() for s in str(r.get("seeds") or "").split(";") if s.strip()]
        topic: dict[str, Any] = {"name": topic_name, "description": str(r.get("description") or "").strip()}
        if code_ok:
            try:
                topic["code"] = int(float(str(code)))
            except ValueError as exc:
                raise ConfigError(
                    f"Topic {topic_name!r}: code must be a whole number, got {code!r}."
                ) from exc
        if seeds:
            topic["seeds"] = seeds
        topics.append(topic)
    if not topics:
        raise ConfigError("The taxonomy needs at least one topic with a name.")
    return {"name": name, "mode": "replace", "topics": topics}


def save_taxonomy(data_dir: str | Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    """Validate the edited topics and save them as a content-addressed TOML file; return its path."""
    from statement_lens.topics.taxonomy import taxonomy_from_dict

    doc = rows_to_taxonomy_doc(rows)
    taxonomy = taxonomy_from_dict(doc, where="the edited taxonomy")  # raises ConfigError with the reason
    folder = Path(data_dir) / "taxonomies"
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / f"custom-{taxonomy.fingerprint()}.toml").resolve()
    path.write_text(to_toml(doc), encoding="utf-8")
    return path
