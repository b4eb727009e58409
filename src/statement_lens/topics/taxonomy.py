"""Topic taxonomies as data: a name, an optional code, a description and seed phrases per topic.

The built-in taxonomy ``"cap"`` holds the Comparative Agendas Project major topics (master codebook
numbering) with descriptions and seed phrases written for zero-shot assignment. Users extend or
replace it in code (:meth:`Taxonomy.with_topics`, :meth:`Taxonomy.merge`) or with a TOML/YAML file::

    name = "nato"
    mode = "add"          # "add": keep the base taxonomy's topics; "replace" (default): only these
    base = "cap"          # the taxonomy that "add" extends (default "cap")

    [[topics]]
    name = "Military aid to Ukraine"
    description = "Weapons, ammunition and support that allies send to Ukraine."
    seeds = ["deliveries of weapons to Kyiv", "support to Ukraine"]
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from statement_lens.errors import ConfigError

__all__ = ["OTHER", "Taxonomy", "Topic", "builtin_taxonomies", "load_taxonomy", "taxonomy_from_dict"]

OTHER = "Other"
"""The bucket for texts whose best topic similarity is below the threshold (reserved name)."""

MergeMode = Literal["add", "replace"]
_MODES = ("add", "replace")
_TOPIC_KEYS = ("name", "code", "description", "seeds")
_FILE_KEYS = ("name", "title", "mode", "base", "topics")
_SUFFIXES = (".toml", ".yaml", ".yml")


@dataclass(frozen=True)
class Topic:
    """One topic: its name, an optional numeric code, a description and seed phrases.

    A topic with neither description nor seeds is represented by its name alone.
    """

    name: str
    code: int | None = None
    description: str = ""
    seeds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(f"A topic needs a non-empty name, got {self.name!r}.")
        if self.name.strip().casefold() == OTHER.casefold():
            raise ConfigError(
                f"{OTHER!r} is reserved for texts below the similarity threshold; choose another topic name."
            )
        if self.code is not None and (isinstance(self.code, bool) or not isinstance(self.code, int)):
            raise ConfigError(f"Topic {self.name!r}: code must be an integer or absent, got {self.code!r}.")
        if isinstance(self.seeds, str):
            raise ConfigError(f"Topic {self.name!r}: seeds must be a list of phrases, not one string.")
        object.__setattr__(self, "seeds", tuple(self.seeds))
        if not all(isinstance(s, str) and s.strip() for s in self.seeds):
            raise ConfigError(f"Topic {self.name!r}: every seed phrase must be a non-empty string.")
        if not isinstance(self.description, str):
            raise ConfigError(f"Topic {self.name!r}: description must be a string.")

    def prototype_texts(self) -> list[str]:
        """Texts whose embeddings stand for this topic: the description (or name) and each seed phrase."""
        head = self.description.strip() or self.name
        return [head, *self.seeds]


TopicLike = Topic | str | Mapping[str, Any]


def _as_topic(item: TopicLike) -> Topic:
    if isinstance(item, Topic):
        return item
    if isinstance(item, str):
        return Topic(name=item)
    if isinstance(item, Mapping):
        return _topic_from_mapping(item, where="topic")
    raise ConfigError(f"Cannot make a topic from {item!r}: pass a Topic, a name or a mapping with a 'name'.")


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of topics with unique names."""

    name: str
    topics: tuple[Topic, ...]
    title: str | None = None
    _index: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "topics", tuple(self.topics))
        if not self.topics:
            raise ConfigError(f"Taxonomy {self.name!r} has no topics; give at least one [[topics]] entry.")
        index: dict[str, Topic] = {}
        for t in self.topics:
            key = t.name.casefold()
            if key in index:
                raise ConfigError(
                    f"Taxonomy {self.name!r} lists topic {t.name!r} twice; topic names must be unique."
                )
            index[key] = t
        object.__setattr__(self, "_index", index)

    @property
    def names(self) -> list[str]:
        """Topic names in order."""
        return [t.name for t in self.topics]

    def __len__(self) -> int:
        return len(self.topics)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._index

    def get(self, name: str) -> Topic | None:
        """The topic called ``name`` (case-insensitive), or ``None``."""
        return self._index.get(name.casefold())

    def code_of(self, name: str) -> int | None:
        """The code of topic ``name``; ``None`` for ``"Other"``, unknown names and topics without a code."""
        topic = self.get(name)
        return topic.code if topic else None

    def with_topics(
        self, topics: Iterable[TopicLike], *, mode: MergeMode = "add", name: str | None = None
    ) -> Taxonomy:
        """Return a taxonomy with ``topics`` added (same name replaces in place) or replacing all topics.

        Args:
            topics: Topics, bare names or mappings with ``name``/``code``/``description``/``seeds``.
            mode: ``"add"`` keeps this taxonomy's topics; ``"replace"`` keeps only ``topics``.
            name: Name of the new taxonomy (default: this one's name, with a ``+`` suffix when adding).

        Returns:
            A new :class:`Taxonomy`; this one is unchanged.
        """
        if mode not in _MODES:
            raise ConfigError(f"mode must be one of {list(_MODES)}, got {mode!r}.")
        new = [_as_topic(t) for t in topics]
        if mode == "replace":
            return Taxonomy(name=name or self.name, topics=tuple(new), title=self.title)
        merged = list(self.topics)
        positions = {t.name.casefold(): i for i, t in enumerate(merged)}
        for t in new:
            key = t.name.casefold()
            if key in positions:
                merged[positions[key]] = t
            else:
                positions[key] = len(merged)
                merged.append(t)
        return Taxonomy(name=name or f"{self.name}+", topics=tuple(merged), title=self.title)

    def merge(self, other: Taxonomy, *, mode: MergeMode = "add") -> Taxonomy:
        """Combine with ``other``: its topics are added (replacing same-named ones) or replace all."""
        name = other.name if mode == "replace" else f"{self.name}+{other.name}"
        return self.with_topics(other.topics, mode=mode, name=name)

    def without(self, names: Iterable[str]) -> Taxonomy:
        """Return a taxonomy without the named topics."""
        drop = {n.casefold() for n in names}
        return Taxonomy(self.name, tuple(t for t in self.topics if t.name.casefold() not in drop), self.title)

    def fingerprint(self) -> str:
        """A short hash of every topic's name, code, description and seeds (for caches and provenance)."""
        blob = json.dumps(
            [[t.name, t.code, t.description, list(t.seeds)] for t in self.topics], ensure_ascii=False
        ).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in the file format (``mode = "replace"``)."""
        return {
            "name": self.name,
            "title": self.title,
            "topics": [
                {"name": t.name, "code": t.code, "description": t.description, "seeds": list(t.seeds)}
                for t in self.topics
            ],
        }


def _topic_from_mapping(d: Mapping[str, Any], *, where: str) -> Topic:
    unknown = sorted(set(d) - set(_TOPIC_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}. A topic accepts {list(_TOPIC_KEYS)}.")
    if "name" not in d:
        raise ConfigError(f"{where}: every topic needs a 'name'.")
    seeds = d.get("seeds", ())
    if isinstance(seeds, str) or not isinstance(seeds, list | tuple):
        raise ConfigError(f"{where} ({d.get('name')!r}): 'seeds' must be a list of phrases.")
    description = d.get("description") or ""
    try:
        return Topic(name=d["name"], code=d.get("code"), description=description, seeds=tuple(seeds))
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def taxonomy_from_dict(
    data: Mapping[str, Any], *, default_name: str = "custom", where: str = "taxonomy"
) -> Taxonomy:
    """Build a taxonomy from the file format (see module docstring), resolving ``mode``/``base``.

    Args:
        data: The parsed file.
        default_name: Name when the data has none.
        where: Where the data came from, for error messages.

    Returns:
        The taxonomy; with ``mode = "add"`` it holds the base taxonomy's topics plus these.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: expected a table with a 'topics' list, got {type(data).__name__}.")
    unknown = sorted(set(data) - set(_FILE_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}. Valid top-level keys: {list(_FILE_KEYS)}.")
    mode = data.get("mode", "replace")
    if mode not in _MODES:
        raise ConfigError(f"{where}: mode must be one of {list(_MODES)}, got {mode!r}.")
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        raise ConfigError(f"{where}: needs a non-empty 'topics' list (TOML: one [[topics]] table per topic).")
    topics = []
    for i, item in enumerate(raw_topics):
        if not isinstance(item, Mapping):
            raise ConfigError(f"{where}: topic #{i + 1} must be a table with a 'name', got {item!r}.")
        topics.append(_topic_from_mapping(item, where=f"{where}, topic #{i + 1}"))
    name = str(data.get("name") or default_name)
    title = data.get("title")
    if mode == "replace":
        if "base" in data:
            raise ConfigError(f"{where}: 'base' only applies with mode = \"add\"; remove it or set the mode.")
        return Taxonomy(name=name, topics=tuple(topics), title=title)
    base_name = data.get("base", "cap")
    if not isinstance(base_name, str) or base_name not in builtin_taxonomies():
        raise ConfigError(
            f"{where}: base must name a built-in taxonomy {builtin_taxonomies()}, got {base_name!r}."
        )
    return load_taxonomy(base_name).with_topics(topics, mode="add", name=name)


def builtin_taxonomies() -> list[str]:
    """Names of the taxonomies shipped with the package."""
    folder = resources.files("statement_lens.topics") / "taxonomies"
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=8)
def _load_builtin(name: str) -> Taxonomy:
    text = (resources.files("statement_lens.topics") / "taxonomies" / f"{name}.toml").read_text(
        encoding="utf-8"
    )
    return taxonomy_from_dict(tomllib.loads(text), default_name=name, where=f"built-in taxonomy {name!r}")


def _parse_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Cannot read taxonomy file {path}: {exc}. Pass a readable UTF-8 TOML or YAML file."
        ) from exc
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Taxonomy file {path} is not valid TOML: {exc}. Fix the syntax.") from exc
    try:
        import yaml
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"Reading {path} needs PyYAML (`pip install PyYAML`), or write the file as TOML."
        ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"Taxonomy file {path} is not valid YAML: {exc}. Fix the syntax.") from exc


def load_taxonomy(name_or_path: str | os.PathLike[str] | Taxonomy) -> Taxonomy:
    """Return a built-in taxonomy by name, or read one from a TOML/YAML file.

    Args:
        name_or_path: A built-in name (``"cap"``), a path to a ``.toml``/``.yaml``/``.yml`` file, or a
            :class:`Taxonomy` (returned as is).

    Returns:
        The taxonomy.

    Raises:
        ConfigError: The name is unknown, the file is missing or malformed.
    """
    if isinstance(name_or_path, Taxonomy):
        return name_or_path
    raw = os.fspath(name_or_path)
    if raw in builtin_taxonomies():
        return _load_builtin(raw)
    path = Path(raw).expanduser()
    if path.suffix.lower() not in _SUFFIXES:
        raise ConfigError(
            f"Unknown taxonomy {raw!r}. Use a built-in name {builtin_taxonomies()} "
            f"or a path to a {'/'.join(_SUFFIXES)} file."
        )
    if not path.is_file():
        raise ConfigError(
            f"Taxonomy file {path} does not exist. Check the path (built-ins: {builtin_taxonomies()})."
        )
    return taxonomy_from_dict(_parse_file(path), default_name=path.stem, where=f"taxonomy file {path}")
