"""Exports, the offline brief, dashboard preferences and the page tables (all pure)."""

from __future__ import annotations

import json
import re
import tomllib

import pandas as pd
import pytest

from statement_lens.config import Settings
from statement_lens.errors import ConfigError
from statement_lens.figures import topic_emphasis_figure
from statement_lens.ui import exports, prefs
from statement_lens.ui.brief import BriefContent, BriefQuote, build_brief
from statement_lens.ui.changes import compare_changes
from statement_lens.ui.tables import (
    quotation_table,
    review_counts,
    speaker_table,
    topic_key_units,
)
from tests.dashboard_factory import XSS_IMG, XSS_SCRIPT, analysis_a, analysis_b, fake_settings


@pytest.fixture()
def a(tmp_path):
    return analysis_a(fake_settings(tmp_path))


def test_quotation_table_has_stance_label_and_confidence_per_target(a):
    t = quotation_table(a.units, a.quotes, a.stance, a.targets)
    assert list(t.columns[-4:]) == [
        "Ukraine stance",
        "Ukraine confidence",
        "Russia stance",
        "Russia confidence",
    ]
    row = t.set_index("unit_id").loc["q1"]
    assert (row["speaker"], row["cue"], row["Russia stance"], row["Russia confidence"]) == (
        "Jane Doe", "said", "against", 0.85,
    )  # fmt: skip


def test_csv_and_json_exports_hold_the_filtered_rows(a):
    t = quotation_table(a.units.head(2), a.quotes, a.stance, a.targets)
    csv = exports.quotations_csv(t).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("unit_id,speaker,cue") and len(csv.splitlines()) == 3
    doc = json.loads(exports.quotations_json(t, filters={"speaker": ["Jane Doe"]}))
    assert doc["filters"] == {"speaker": ["Jane Doe"]}
    assert [q["unit_id"] for q in doc["quotations"]] == ["q0", "q1"]
    assert doc["quotations"][0]["Russia stance"] == "not mentioned"  # no model read it: words, no number


def test_chart_html_embeds_plotly_js_so_it_opens_offline(a):
    out = exports.figure_html(topic_emphasis_figure(a.topics))
    assert out.lstrip().lower().startswith("<!doctype html>")
    assert not re.search(r"<script[^>]*\bsrc=", out) and len(out) > 1_000_000  # plotly.js inline, no CDN


@pytest.fixture()
def fresh_png_check():
    exports.png_unavailable_reason.cache_clear()
    yield
    exports.png_unavailable_reason.cache_clear()


def test_png_export_says_what_to_do_when_kaleido_is_missing(a, monkeypatch, fresh_png_check):
    monkeypatch.setattr(exports.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(exports.ExportError, match="kaleido"):
        exports.figure_png(topic_emphasis_figure(a.topics))


def test_png_export_says_how_to_get_a_browser_when_none_is_found(a, monkeypatch, fresh_png_check):
    monkeypatch.setattr(exports, "_find_browser", lambda: None)
    assert not exports.png_available()
    with pytest.raises(exports.ExportError, match="apt-get install chromium"):
        exports.figure_png(topic_emphasis_figure(a.topics))


def test_png_export_draws_the_chart_with_the_installed_browser(a, fresh_png_check):
    if not exports.png_available():
        pytest.skip(f"PNG export unavailable here: {exports.png_unavailable_reason()}")
    png = exports.figure_png(topic_emphasis_figure(a.topics), scale=1.0)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width >= 400 and height >= 200 and len(png) > 5_000  # a drawn chart, not an empty canvas


def test_brief_is_one_offline_file_with_everything_escaped(tmp_path):
    b = analysis_b(fake_settings(tmp_path))
    fig = topic_emphasis_figure(b.topics)
    content = BriefContent(
        title=f"Budget {XSS_SCRIPT}",
        source="Wire",
        date="2023-03-01",
        summary=b.summary,
        figures=[("Topics", fig), ("Again", fig)],
        quotes=[BriefQuote(b.units["text"][1], "Ann Lee", "Macroeconomics", [("Taxes", "against", 0.5)])],
        filters=["Speaker: Ann Lee"],
        provenance=b.provenance,
        review_threshold=0.6,
    )
    out = build_brief(content)
    assert XSS_SCRIPT not in out and XSS_IMG not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.count('<script type="text/javascript">/**') <= 1  # plotly.js embedded once
    assert not re.search(r"<script[^>]*\bsrc=", out)
    assert "Speaker: Ann Lee" in out and "stance.fake" in out and "needs review" in out
    assert "<h2>Key quotations</h2>" in out and "<th>Quotation</th>" in out


def test_brief_of_a_speech_read_by_sentences_names_its_rows_sentences(tmp_path):
    b = analysis_b(fake_settings(tmp_path))
    content = BriefContent(
        title="Speech",
        source=None,
        date=None,
        summary=b.summary,
        figures=[],
        quotes=[BriefQuote(b.units["text"][1], None, None, [])],
        filters=[],
        provenance=b.provenance,
        units=("sentence", "sentences"),
    )
    out = build_brief(content)
    assert "<h2>Key sentences</h2>" in out and "<th>Sentence</th>" in out
    assert "Key quotations" not in out


def test_review_counts_use_the_threshold(a):
    rc = review_counts(a.stance, a.quotes, 0.6)
    assert (rc.stance, rc.attributions, rc.total) == (2, 2, 4)
    assert review_counts(a.stance, a.quotes, 0.0).total == 0


def test_key_quotations_are_ranked_within_the_topic(a):
    kq = topic_key_units(a.topic_units, a.units, "Defense")
    assert list(kq["unit_id"]) == ["q0", "q2"]
    assert list(topic_key_units(a.topic_units, a.units.head(1), "Defense")["unit_id"]) == ["q0"]


def test_compare_changes_lists_new_and_dropped(tmp_path):
    s = fake_settings(tmp_path)
    a, b = analysis_a(s), analysis_b(s)
    ch = compare_changes(a.topics, b.topics, a.targets, b.targets, ["Jens Stoltenberg"], ["Ann Lee"])
    assert ch.new_topics == ("Macroeconomics",) and set(ch.dropped_topics) == {
        "Defense",
        "International Affairs",
    }
    assert ch.new_targets == ("Taxes",) and ch.dropped_targets == ("Russia",)
    assert ch.new_speakers == ("Ann Lee",) and ch.dropped_speakers == ("Jens Stoltenberg",)


def test_speaker_table_counts_quotations(a):
    t = speaker_table(a.units)
    assert list(t.columns) == ["Speaker", "Quotations", "Words"]
    assert t.iloc[0].to_dict()["Speaker"] == "Jens Stoltenberg" and t.iloc[0]["Quotations"] == 3


def test_prefs_round_trip_and_apply_model_choices(tmp_path):
    p = prefs.Prefs(
        targets=("NATO", 'Quote " and \\'),
        review_threshold=0.7,
        models={"stance": "stance.fake"},
        indirect_quotes=True,
    )
    prefs.save_prefs(tmp_path, p)
    assert prefs.load_prefs(tmp_path) == p
    base = Settings()
    eff = prefs.effective_settings(base, p)
    assert eff.stance == "stance.fake" and eff.review_threshold == base.review_threshold
    assert eff.indirect_quotes is True and base.indirect_quotes is False
    assert prefs.review_threshold(eff, p) == 0.7


def test_missing_prefs_file_means_defaults(tmp_path):
    assert prefs.load_prefs(tmp_path) == prefs.Prefs()


def test_broken_prefs_file_says_how_to_fix_it(tmp_path):
    (tmp_path / prefs.PREFS_FILE).write_text("targets = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="delete the file"):
        prefs.load_prefs(tmp_path)


@pytest.mark.parametrize(
    ("text", "targets"),
    [("NATO\nUkraine", ("NATO", "Ukraine")), ("NATO, Russia ,, NATO", ("NATO", "Russia")), ("  ", ())],
)
def test_parse_targets(text, targets):
    assert prefs.parse_targets(text) == targets


def test_edited_taxonomy_is_saved_as_valid_content_addressed_toml(tmp_path):
    rows = [
        {
            "name": "Military aid to Ukraine",
            "code": None,
            "description": "Weapons for Ukraine",
            "seeds": "a; b",
        },
        {
            "name": "Defence production",
            "code": 99.0,
            "description": 'Stocks "and" factories\x7f',
            "seeds": "",
        },
        {"name": "", "code": None, "description": "ignored", "seeds": ""},
    ]
    path = prefs.save_taxonomy(tmp_path, rows)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [t["name"] for t in doc["topics"]] == ["Military aid to Ukraine", "Defence production"]
    assert doc["topics"][0]["seeds"] == ["a", "b"] and doc["topics"][1]["code"] == 99
    assert path.name.startswith("custom-") and prefs.save_taxonomy(tmp_path, rows) == path
    from statement_lens.topics.taxonomy import load_taxonomy

    assert load_taxonomy(str(path)).names == ["Military aid to Ukraine", "Defence production"]


@pytest.mark.parametrize(
    "rows",
    [[], [{"name": "", "code": None}], [{"name": "Other"}], [{"name": "A", "code": "x"}]],
)
def test_invalid_taxonomy_edits_raise_config_errors(tmp_path, rows):
    with pytest.raises(ConfigError):
        prefs.save_taxonomy(tmp_path, rows)


def test_slug_makes_safe_file_names():
    assert exports.slug("Stoltenberg: We're ../talking!") == "stoltenberg-we-re-talking"
    assert exports.slug("<>") == "statement"


def test_quotation_table_without_quotes_uses_unit_type(a):
    units = a.units.assign(unit_type="sentence")
    t = quotation_table(units, a.quotes.head(0), a.stance.head(0), [])
    assert list(t["unit_type"]) == ["sentence"] * 4 and pd.isna(t["attribution_confidence"]).all()
    assert t["quote_kind"].isna().all()  # a sentence is no quotation: its kind is not made up


@pytest.mark.parametrize(
    ("title", "origin", "date", "label"),
    [
        ("Budget talks", "x.txt", "2024-01-02", "Budget talks (2024-01-02)"),
        (None, "/data/speeches/AGO_79_2024.txt", None, "AGO_79_2024.txt"),
        (float("nan"), "https://www.nato.int/cps/en/news.htm", float("nan"), "www.nato.int/cps/en/news.htm"),
        ("  ", None, None, "sid123"),
        ("T" * 100, None, None, "T" * 69 + "…"),
    ],
)
def test_statement_labels_never_show_nan_or_full_paths(title, origin, date, label):
    from statement_lens.ui.widgets import statement_label

    row = pd.Series({"title": title, "origin": origin, "date": date, "statement_id": "sid123"})
    assert statement_label(row) == label


def test_stance_chips_carry_the_words_each_label_was_read_from_and_no_number_when_not_read():
    from statement_lens.ui.highlight import stance_tags_html
    from statement_lens.ui.tables import stance_by_unit

    text = "We arm Ukraine to stop Russia's aggression. Nothing else."
    stance = pd.DataFrame(
        [
            ("q1", text, "Russia", "against", 0.9, 0, 43, "[[23, 29]]", "mention"),
            ("q1", text, "China", "none", 0.8, None, None, "[]", "not mentioned"),
        ],
        columns=[
            "unit_id",
            "unit_text",
            "target",
            "label",
            "confidence",
            "evidence_start",
            "evidence_end",
            "mentions",
            "basis",
        ],
    )
    rows = stance_by_unit(stance, ["q1"])["q1"]
    assert rows[0][3] == "We arm Ukraine to stop «Russia»'s aggression.…"
    chips = stance_tags_html(rows, 0.6)
    assert "Read from: We arm Ukraine to stop «Russia»" in chips
    assert "China: not mentioned" in chips and "China: none 0.80" not in chips
    from statement_lens.types import Summary

    content = BriefContent(
        title="t",
        source=None,
        date=None,
        summary=Summary((), method="fake", model="fake"),
        figures=[],
        quotes=[BriefQuote(text, "Jane Doe", None, rows)],
        filters=[],
        provenance={},
    )
    brief = build_brief(content)
    assert "stop «Russia»&#x27;s aggression" in brief or "stop «Russia»'s aggression" in brief
