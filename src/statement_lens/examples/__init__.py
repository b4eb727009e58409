"""Example statements shipped with the package (public domain and CC0 speeches; see SOURCE.md).

They are read through the corpus reader (:func:`statement_lens.corpus.sources.list_items`), so the
statements stored in the Library and those of the example corpus have the same ids: analysing one
place serves the other.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from statement_lens.corpus.metadata import read_sidecar
from statement_lens.corpus.sources import item_metadata, list_items, load_item
from statement_lens.store.database import Store

#: Name of the example corpus on the Corpus page.
CORPUS = "examples"
#: Origin suffix of every example statement: its origin is its title and this (how charts name it and
#: how the Library tells the examples apart).
ORIGIN_SUFFIX = " · example"
#: The ready comparison on the Compare page (file names).
COMPARISON = ("USA_79_2024.txt", "UKR_79_2024.txt")


def folder() -> Path:
    """The folder of example texts (with its ``metadata.csv``)."""
    return Path(str(resources.files("statement_lens.examples") / "texts"))


def add_examples(store: Store) -> dict[str, str]:
    """Store every example statement (not analysed) with its metadata; return file name → statement id."""
    from dataclasses import replace

    ids: dict[str, str] = {}
    for item in list_items(folder()):
        statement = load_item(item)
        name = Path(item.key).name
        meta = item_metadata(item, statement)
        sid = store.add_statement(replace(statement, origin=_origin(name)))
        store.update_metadata(sid, meta)
        ids[name] = sid
    return ids


def _origin(name: str) -> str:
    """``"<title> · example"``: the title from the examples' metadata table (the file name without one)."""
    title = read_sidecar(folder() / "metadata.csv").get(name, {}).get("title", name)
    return f"{title}{ORIGIN_SUFFIX}"


def example_ids(store: Store) -> list[str]:
    """Ids of the stored example statements."""
    df = store.query("SELECT statement_id FROM statements WHERE origin LIKE ?", (f"%{ORIGIN_SUFFIX}",))
    return [str(s) for s in df["statement_id"]]


def comparison_ids(store: Store) -> list[str]:
    """Ids of the two statements of the ready comparison, when both are stored."""
    origins = [_origin(name) for name in COMPARISON]
    df = store.query("SELECT statement_id, origin FROM statements WHERE origin IN (?, ?)", tuple(origins))
    by_origin = dict(zip(df["origin"], df["statement_id"], strict=True))
    return [str(by_origin[o]) for o in origins if o in by_origin]


def remove_examples(store: Store) -> int:
    """Delete the example statements and their analyses; return how many were removed."""
    ids = example_ids(store)
    for sid in ids:
        store.delete_statement(sid)
    return len(ids)
