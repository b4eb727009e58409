"""Hand-built analyses for the dashboard tests: several quotations, speakers, topics and targets.

The second statement carries an XSS payload inside a quotation, as untrusted input would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from statement_lens.config import Settings
from statement_lens.pipeline.analysis import Analysis
from statement_lens.pipeline.schema import (
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    TOPIC_COLUMNS,
    TOPIC_UNIT_COLUMNS,
    UNIT_COLUMNS,
)
from statement_lens.store.database import Store
from statement_lens.types import Span, Statement, Summary, SummarySentence

FAKE_ENV = {
    "STATEMENT_LENS_STANCE": "stance.fake",
    "STATEMENT_LENS_SUMMARIZER": "summarizer.fake",
    "STATEMENT_LENS_EMBEDDER": "embedder.fake",
}
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

TEXT_A = (
    "Allies pledge more support to Ukraine\n"
    'NATO Secretary General Jens Stoltenberg said: "We welcome the support to Ukraine and we will '
    'help Ukraine." '
    'Jane Doe, a spokesperson, said "Russia is a threat to Europe." '
    '"Defence production must grow to replenish our stocks," Stoltenberg said. '
    'He added: "We oppose any aggression against our Allies."'
)
TEXT_B = (
    "Ministers discuss the budget\n"
    f'Finance Minister Ann Lee said "The budget {XSS_SCRIPT} supports Ukraine and growth." '
    f'"Taxes will not rise {XSS_IMG} this year," Lee said.'
)


def fake_settings(data_dir: str | Path) -> Settings:
    return Settings(
        stance="stance.fake", summarizer="summarizer.fake", embedder="embedder.fake", data_dir=str(data_dir)
    )


def _quote_rows(text: str, quotes: list[tuple[str, str, str, str]]) -> list[list[object]]:
    rows = []
    for i, (content, speaker, topic, cue) in enumerate(quotes):
        start = text.index(content)
        conf = 0.95 if i % 2 == 0 else 0.55
        rows.append(
            [
                f"q{i}",
                content,
                start,
                start + len(content),
                speaker,
                None,
                None,
                cue,
                "direct",
                conf,
                "",
                topic,
                0.6,
                conf,
                conf < 0.6,
            ]
        )
    return rows


def build_analysis(
    text: str,
    quotes: list[tuple[str, str, str, str]],
    topics: list[tuple[str, float]],
    stance: dict[tuple[int, str], tuple[str, float]],
    *,
    title: str,
    date: str | None,
    settings: Settings,
) -> Analysis:
    """An analysis of ``(text, speaker, topic, cue)`` quotes; stance ``(quote, target) → (label, conf)``."""
    first_line = text.split("\n", 1)[0]
    statement = Statement(
        text=text,
        title=title,
        title_span=Span(0, len(first_line)),
        date=date,
        source="Test Wire",
        origin="test",
    )
    qrows = _quote_rows(text, quotes)
    quotes_df = pd.DataFrame(qrows, columns=QUOTE_COLUMNS)
    units = pd.DataFrame(
        [[r[0], "quote", r[1], r[2], r[3], r[4], r[11], r[12]] for r in qrows], columns=UNIT_COLUMNS
    )
    sentences = pd.DataFrame(
        [["s0", 0, len(first_line), first_line, 0, None, topics[0][0], 1, 0.5, len(first_line.split()), True]]
        + [
            [f"s{i + 1}", r[2], r[3], r[1], 1, r[4], r[11], 1, 0.5, len(str(r[1]).split()), False]
            for i, r in enumerate(qrows)
        ],
        columns=SENTENCE_COLUMNS,
    )
    targets = list(dict.fromkeys(t for _, t in stance))
    srows = []
    for (qi, target), (label, conf) in stance.items():
        probs = {"favor": 0.0, "against": 0.0, "none": 0.0}
        probs[label] = conf
        rest = [k for k in probs if k != label]
        for k in rest:
            probs[k] = (1 - conf) / 2
        srows.append(
            [
                f"q{qi}",
                quotes[qi][0],
                quotes[qi][1],
                target,
                label,
                probs["favor"],
                probs["against"],
                probs["none"],
                conf,
                conf < 0.6,
                *_evidence(quotes[qi][0], target, conf),
            ]
        )
    total = sum(w for _, w in topics)
    topics_df = pd.DataFrame(
        [[name, i + 1, w / total, w / total, 1, int(w)] for i, (name, w) in enumerate(topics)],
        columns=TOPIC_COLUMNS,
    )
    tq = [[r[11], r[0], 0.9 - 0.1 * i, i + 1] for i, r in enumerate(qrows)]
    topic_units = pd.DataFrame(tq, columns=TOPIC_UNIT_COLUMNS)
    summary = Summary(
        (SummarySentence(quotes[0][0], qrows[0][2], qrows[0][3], 1.0),),
        method="fake",
        model="summarizer.fake",
    )
    return Analysis(
        statement=statement,
        sentences=sentences,
        quotes=quotes_df,
        units=units,
        stance=pd.DataFrame(srows, columns=STANCE_COLUMNS),
        topics=topics_df,
        topic_units=topic_units,
        summary=summary,
        targets=targets,
        provenance={
            "config_hash": settings.config_hash(),
            "package_version": "test",
            "models": {"stance": {"name": "stance.fake", "checkpoint": "fake", "revision": None}},
        },
    )


def _evidence(text: str, target: str, conf: float) -> list:
    """evidence_start/end, mentions, basis as stance.lens.v2 writes them (absent and sure: not mentioned)."""
    from statement_lens.stance.mentions import find_mentions

    spans = find_mentions(text, target)
    if not spans and conf >= 0.6:
        return [None, None, "[]", "not mentioned"]
    return [0, len(text), json.dumps([list(m) for m in spans]), "mention" if spans else "text"]


def analysis_a(settings: Settings) -> Analysis:
    quotes = [
        (
            "We welcome the support to Ukraine and we will help Ukraine.",
            "Jens Stoltenberg",
            "Defense",
            "said",
        ),
        ("Russia is a threat to Europe.", "Jane Doe", "International Affairs", "said"),
        ("Defence production must grow to replenish our stocks,", "Jens Stoltenberg", "Defense", "said"),
        (
            "We oppose any aggression against our Allies.",
            "Jens Stoltenberg",
            "International Affairs",
            "added",
        ),
    ]
    stance = {
        (0, "Ukraine"): ("favor", 0.9),
        (0, "Russia"): ("none", 0.7),
        (1, "Ukraine"): ("none", 0.5),
        (1, "Russia"): ("against", 0.85),
        (2, "Ukraine"): ("favor", 0.65),
        (2, "Russia"): ("none", 0.8),
        (3, "Ukraine"): ("none", 0.75),
        (3, "Russia"): ("against", 0.55),
    }
    topics = [("Defense", 50.0), ("International Affairs", 35.0), ("Other", 15.0)]
    return build_analysis(
        TEXT_A,
        quotes,
        topics,
        stance,
        title="Allies pledge more support to Ukraine",
        date="2023-02-17",
        settings=settings,
    )


def analysis_b(settings: Settings) -> Analysis:
    quotes = [
        (f"The budget {XSS_SCRIPT} supports Ukraine and growth.", "Ann Lee", "Macroeconomics", "said"),
        (f"Taxes will not rise {XSS_IMG} this year,", "Ann Lee", "Macroeconomics", "said"),
    ]
    stance = {
        (0, "Ukraine"): ("favor", 0.8),
        (1, "Ukraine"): ("none", 0.9),
        (0, "Taxes"): ("none", 0.6),
        (1, "Taxes"): ("against", 0.7),
    }
    topics = [("Macroeconomics", 80.0), ("Other", 20.0)]
    return build_analysis(
        TEXT_B,
        quotes,
        topics,
        stance,
        title="Ministers discuss the budget",
        date="2023-03-01",
        settings=settings,
    )


def populate(data_dir: Path) -> tuple[str, str]:
    """Store both statements with their analyses under the fake settings; return their ids."""
    settings = fake_settings(data_dir)
    store = Store(data_dir)
    ids = []
    for a in (analysis_a(settings), analysis_b(settings)):
        sid = store.add_statement(a.statement)
        store.save_analysis(sid, a)
        ids.append(sid)
    (data_dir / ".seeded").write_text("test\n", encoding="utf-8")
    (data_dir / ".examples").write_text("test\n", encoding="utf-8")  # no shipped examples either
    store.close()
    return ids[0], ids[1]


ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def clear_streamlit_caches() -> None:
    """st.cache_data / st.cache_resource leak across AppTest runs in one process: clear both."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def app_env(
    monkeypatch, tmp_path: Path, *, fake_models: bool = True, populated: bool = True
) -> tuple[str, str]:
    """Point the app at a fresh data dir (and the fake models); store the two test statements."""
    clear_streamlit_caches()
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("STATEMENT_LENS_DATA_DIR", str(data))
    monkeypatch.setenv("STATEMENT_LENS_CONFIG", str(tmp_path / "no-config.toml"))
    for k, v in FAKE_ENV.items():
        if fake_models:
            monkeypatch.setenv(k, v)
        else:
            monkeypatch.delenv(k, raising=False)
    return populate(data) if populated else ("", "")


def new_app(page: str | None = None, *, query: dict[str, object] | None = None, timeout: float = 60):
    """An AppTest of app.py, opened on ``page`` (e.g. "app_pages/quotations.py") with query params."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    if query:
        at.query_params.update(query)
    if page:
        at.switch_page(page)
    return at


def html_of(at) -> str:
    """All st.html bodies of the last run, joined."""
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def all_text(at) -> str:
    """Markdown, captions, text and alerts of the last run, joined (for 'is X shown' checks)."""
    parts = []
    for kind in ("markdown", "caption", "text", "success", "info", "warning", "error", "subheader", "header"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def cards_of(at) -> str:
    """The quotation cards' HTML of the last run."""
    return "\n".join(str(h.proto.body) for h in at.get("html") if 'class="sl-card' in str(h.proto.body))
