"""Which statements are analysed by their quotations, and which by their own sentences.

Usage:  python benchmarks/units_mode.py

The stance units of a statement are its attributed quotations (speaker known, confidence at least
``analysis.UNIT_MIN_CONFIDENCE``), else its transcript turns, else its body sentences. A speech that cites
a proverb or a guest would be analysed by those few quoted words alone. This script measures how much of
the body text attributed quotations cover (``analysis.quoted_share``) in news articles (PolNeAR dev), the
seed press report, UN General Debate speeches and State of the Union addresses, and how many of each set
are analysed by quotations with and without the minimum share ``analysis.QUOTE_UNIT_MIN_SHARE``.
Writes ``reports/units_mode.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "units_mode.md"


def main() -> int:
    if not (DATA / "quotes" / "polnear_dev" / "polnear_dev.jsonl").is_file():
        print(f"Shared data not found under {DATA}; nothing to measure.")
        return 0
    import pandas as pd

    from statement_lens import extract_quotes
    from statement_lens.pipeline.schema import QUOTE_UNIT_MIN_SHARE, UNIT_MIN_CONFIDENCE
    from statement_lens.pipeline.units import quoted_share
    from statement_lens.text.segment import segment_text

    def measure(text: str) -> tuple[float, int]:
        seg = segment_text(text)
        quotes = pd.DataFrame(
            [
                {"start": q.start, "end": q.end}
                for q in extract_quotes(text, segmentation=seg)
                if q.speaker and q.confidence >= UNIT_MIN_CONFIDENCE
            ],
            columns=["start", "end"],
        )
        sentences = pd.DataFrame(
            {"text": [s.text for s in seg.sentences], "is_title": [False] * len(seg.sentences)}
        )
        return (quoted_share(quotes, sentences) if len(quotes) else 0.0), len(quotes)

    polnear = DATA / "quotes" / "polnear_dev" / "polnear_dev.jsonl"
    speeches = DATA / "speeches"
    sets = {
        "PolNeAR dev (news articles)": [
            json.loads(x)["text"] for x in polnear.read_text(encoding="utf-8").splitlines() if x.strip()
        ],
        "seed (press report)": [f.read_text(encoding="utf-8") for f in sorted((DATA / "seed").glob("*.txt"))],
        "UN General Debate 2024 (first 50)": [
            f.read_text(encoding="utf-8")
            for f in sorted((speeches / "un_general_debate" / "2024").glob("*.txt"))[:50]
        ],
        "State of the Union (last 20)": [
            f.read_text(encoding="utf-8")
            for f in sorted((speeches / "state_of_the_union" / "speeches").glob("*.txt"))[-20:]
        ],
    }
    lines = [
        "# Stance units: quotations or the statement's own sentences",
        "",
        f"- Command: `python benchmarks/units_mode.py` (commit {commit()})",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Rule: quotations are the units when attributed quotations (confidence >= {UNIT_MIN_CONFIDENCE}) "
        f"cover at least {QUOTE_UNIT_MIN_SHARE:.0%} of the body text; otherwise turns or sentences.",
        "",
        "| set | statements | with attributed quotations | quoted share of body: median / 90th pct / max "
        "| analysed by quotations without the minimum share | with it |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for name, texts in sets.items():
        measured = [measure(t) for t in texts]
        shares = np.array([s for s, _ in measured])
        has = np.array([n > 0 for _, n in measured])
        lines.append(
            f"| {name} | {len(texts)} | {int(has.sum())} | {100 * np.median(shares):.1f} % / "
            f"{100 * np.percentile(shares, 90):.1f} % / {100 * shares.max():.1f} % | {int(has.sum())} | "
            f"{int((has & (shares >= QUOTE_UNIT_MIN_SHARE)).sum())} |"
        )
    lines += [
        "",
        "A statement analysed by its sentences still lists its quotations (Quotations page, `quotes` frame); "
        "only the stance units and the key units per topic change.",
    ]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
