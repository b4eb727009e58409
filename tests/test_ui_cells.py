"""Missing values in dashboard tables show as a dash, never as "None"."""

from __future__ import annotations

import numpy as np
import pandas as pd

from statement_lens.ui.cells import MISSING, blank_missing


def test_missing_text_numbers_and_leftover_none_strings_become_a_dash() -> None:
    df = pd.DataFrame(
        {
            "title": ["Speech", None, "None"],
            "date": ["2024-03-07", np.nan, ""],
            "n_words": [120, 80, 95],
            "score": [0.5, np.nan, 2.0],
        }
    )
    out = blank_missing(df)
    assert out["title"].tolist() == ["Speech", MISSING, MISSING]
    assert out["date"].tolist() == ["2024-03-07", MISSING, MISSING]
    assert out["n_words"].tolist() == [120, 80, 95]  # complete numeric columns keep their type
    assert out["score"].tolist() == ["0.5", MISSING, "2"]
    assert "None" not in out.astype(str).to_numpy()
    assert df["title"].isna().tolist() == [False, True, False]  # the input is not changed
