"""JSON for analyses: frames as pandas table-orient JSON (dtypes kept), summaries as plain dicts."""

from __future__ import annotations

from typing import Any

import pandas as pd

from statement_lens.types import Summary, SummarySentence

#: Frame names written by earlier versions, read under their current name.
FRAME_ALIASES = {"topic_units": ("topic_quotes",)}


def frame_to_json(df: pd.DataFrame) -> Any:
    """A frame as parsed table-orient JSON (what :func:`read_frame` reads back)."""
    import json

    return json.loads(df.to_json(orient="table", index=False))


def frame_part(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """The stored part for frame ``name`` (under its current name or an earlier one)."""
    for key in (name, *FRAME_ALIASES.get(name, ())):
        if key in doc:
            return doc[key]  # type: ignore[no-any-return]
    raise KeyError(name)


def read_frame(part: dict[str, Any]) -> pd.DataFrame:
    """A frame from its table-orient JSON (parsed): columns and dtypes from the schema, no re-parsing.

    Equivalent to ``pd.read_json(..., orient="table")`` for the dtypes analyses use (integer, number,
    boolean, string), several times faster: reopening a stored analysis is dominated by this.
    Text columns come back as ``object`` with ``None`` for missing values.
    """
    fields = [f for f in part["schema"]["fields"] if f["name"] != "index"]
    names = [f["name"] for f in fields]
    rows = part["data"]
    df = pd.DataFrame({n: [r.get(n) for r in rows] for n in names}, columns=names)
    for f in fields:
        col, kind = f["name"], f.get("type")
        if f.get("extDtype") in {"Int64", "Float64", "boolean"}:  # pandas nullable dtypes keep their type
            df[col] = df[col].astype(f["extDtype"])
        elif kind == "integer" and not df[col].isna().any():
            df[col] = df[col].astype("int64")
        elif kind in {"integer", "number"}:
            df[col] = df[col].astype("float64")
        elif kind == "boolean":
            df[col] = df[col].astype(bool)
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """A summary as a JSON-ready dict."""
    return {
        "method": summary.method,
        "model": summary.model,
        "input_coverage": summary.input_coverage,
        "experimental": summary.experimental,
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "score": s.score,
                "supported": s.supported,
                "unsupported_tokens": list(s.unsupported_tokens),
            }
            for s in summary.sentences
        ],
    }


def summary_from_dict(d: dict[str, Any]) -> Summary:
    """Inverse of :func:`summary_to_dict`."""
    sents = tuple(
        SummarySentence(**{**s, "unsupported_tokens": tuple(s.get("unsupported_tokens", ()))})
        for s in d["sentences"]
    )
    return Summary(
        sentences=sents,
        method=d["method"],
        model=d.get("model"),
        input_coverage=d.get("input_coverage", 1.0),
        experimental=d.get("experimental", False),
    )
