"""Table cells for people: a missing value shows as "—", never as the word "None" or "nan"."""

from __future__ import annotations

import pandas as pd

MISSING = "—"


def blank_missing(df: pd.DataFrame, *, missing: str = MISSING) -> pd.DataFrame:
    """Return a copy of ``df`` whose text columns show ``missing`` where a value is absent.

    Absent means None, NaN, an empty or blank string, or the strings "None" / "nan" that an earlier
    ``astype(str)`` left behind. Numeric and date columns are left as they are unless they hold a gap, in
    which case they become text (numbers as written, the gap as ``missing``).
    """
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            if values.isna().any():
                out[col] = [missing if pd.isna(v) else _number(v) for v in values]
            continue
        out[col] = [missing if _absent(v) else v for v in values]
    return out


def _absent(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in {"", "None", "nan", "NaN", "NaT"}
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays: present
        return False


def _number(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
