"""Name → factory registries for every model task (stance, summarizer, embedder).

Backends register under a versioned name (``stance.crossencoder.v1``). Fakes for tests register
through the same mechanism (see ``statement_lens.models.fakes``); production code has no test flags.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from statement_lens.errors import ModelNotFoundError

Factory = Callable[..., Any]

_REGISTRIES: dict[str, dict[str, Factory]] = {"stance": {}, "summarizer": {}, "embedder": {}}
_ALIASES: dict[str, dict[str, str]] = {"stance": {}, "summarizer": {}, "embedder": {}}


def register(task: str, name: str, *, aliases: tuple[str, ...] = ()) -> Callable[[Factory], Factory]:
    """Decorator: register ``factory`` as backend ``name`` for ``task``."""

    def deco(factory: Factory) -> Factory:
        _REGISTRIES.setdefault(task, {})[name] = factory
        for alias in aliases:
            _ALIASES.setdefault(task, {})[alias] = name
        return factory

    return deco


def resolve_name(task: str, name: str) -> str:
    """Return the canonical registered name for ``name`` (which may be an alias)."""
    _ensure_builtins()
    reg = _REGISTRIES.get(task, {})
    if name in reg:
        return name
    alias = _ALIASES.get(task, {}).get(name)
    if alias is not None:
        return alias
    valid = ", ".join(sorted([*reg, *_ALIASES.get(task, {})])) or "(none)"
    raise ModelNotFoundError(
        f"No {task} backend named {name!r}. Valid names: {valid}. "
        f"Set it in statement_lens.toml under [models] or with STATEMENT_LENS_{task.upper()}."
    )


def create(task: str, name: str, **kwargs: Any) -> Any:
    """Build the backend registered as ``name`` for ``task``."""
    canonical = resolve_name(task, name)
    return _REGISTRIES[task][canonical](**kwargs)


def available(task: str) -> list[str]:
    """Canonical names registered for ``task``."""
    _ensure_builtins()
    return sorted(_REGISTRIES.get(task, {}))


_BUILTINS_LOADED = False


def _ensure_builtins() -> None:
    """Import the modules that register the built-in backends (once)."""
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    import statement_lens.models.builtin  # noqa: F401  (registers on import)
