import numpy as np
import pandas as pd
import pytest

from statement_lens.corpus import JobSpec, read_table, run_job
from statement_lens.errors import InputError
from statement_lens.figures.corpus import (
    stance_time_figure,
    top_topics,
    topic_group_figure,
    topic_time_figure,
)
from statement_lens.store import queries as q
from statement_lens.store.database import Store
from tests.analysis_factory import make_analysis
from tests.corpus_fixtures import SPEAKERS, TARGETS, fake_settings, write_jsonl


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    settings = fake_settings(root / "data")
    summary = run_job(
        JobSpec(source=str(write_jsonl(root / "news.jsonl", 9)), settings=settings, targets=TARGETS)
    )
    store = Store(root / "data")
    # a statement in the store but outside the corpus must never be counted
    outsider = make_analysis(settings=settings)
    store.save_analysis(store.add_statement(outsider.statement), outsider)
    statements = read_table(summary.job_dir, "statements")[["statement_id", "date", "speaker", "source"]]
    return {
        "store": store,
        "scope": q.Scope("news", settings.config_hash()),
        "statements": statements.assign(year=statements["date"].str[:4]),
        "topics": read_table(summary.job_dir, "topics"),
        "stance": read_table(summary.job_dir, "stance"),
    }


def test_list_corpora_counts_the_corpus_statements_only(corpus):
    df = q.list_corpora(corpus["store"])
    assert df[["corpus", "n_statements", "n_analysed", "first_date", "last_date"]].to_dict("records") == [
        {
            "corpus": "news",
            "n_statements": 9,
            "n_analysed": 9,
            "first_date": "2020-01-10",
            "last_date": "2022-09-18",
        }
    ]


@pytest.mark.parametrize("weight", ["words", "statements"])
def test_topic_emphasis_over_time_matches_a_pandas_computation(corpus, weight):
    got = q.topic_emphasis_over_time(corpus["store"], corpus["scope"], period="year", weight=weight)
    t = corpus["topics"].merge(corpus["statements"], on="statement_id")
    if weight == "words":
        words = t.groupby(["year", "topic"])["n_words"].sum()
        expected = words / words.groupby(level="year").transform("sum")
    else:
        n = corpus["statements"].groupby("year").size()
        expected = (
            t.groupby(["year", "topic"])["share_words"].sum()
            / n.reindex(t.groupby(["year", "topic"]).size().index.get_level_values("year")).to_numpy()
        )
    got_s = got.set_index(["period", "topic"])["share"].sort_index()
    np.testing.assert_allclose(got_s.to_numpy(), expected.sort_index().to_numpy())
    assert np.allclose(got.groupby("period")["share"].sum(), 1.0)


def test_topic_emphasis_by_speaker_has_one_group_per_speaker(corpus):
    got = q.topic_emphasis_by_group(corpus["store"], corpus["scope"], by="speaker")
    assert sorted(got["group"].unique()) == sorted(SPEAKERS)
    assert np.allclose(got.groupby("group")["share"].sum(), 1.0)


def test_stance_over_time_counts_every_quotation_behind_each_point(corpus):
    got = q.stance_over_time(corpus["store"], corpus["scope"], period="year", targets=TARGETS)
    s = corpus["stance"].merge(corpus["statements"], on="statement_id")
    exp = s.groupby(["year", "target"]).agg(
        n_units=("label", "size"),
        n_favor=("label", lambda x: int((x == "favor").sum())),
        n_against=("label", lambda x: int((x == "against").sum())),
    )
    got_i = got.set_index(["period", "target"]).sort_index()
    assert got_i["n_units"].tolist() == exp["n_units"].tolist()
    assert got_i["n_favor"].tolist() == exp["n_favor"].tolist()
    np.testing.assert_allclose(got_i["net"], (exp["n_favor"] - exp["n_against"]) / exp["n_units"])
    assert int(got["n_units"].sum()) == len(corpus["stance"])


@pytest.mark.parametrize(
    ("scope_kw", "expected_statements"),
    [
        ({"speakers": ("Anna Berg",)}, 3),
        ({"speakers": ("Anna Berg", "Lena Novak")}, 6),
        ({"sources": ("Ministry A",)}, 4),
        ({"date_from": "2021"}, 6),
        ({"date_to": "2020"}, 3),
        ({"date_from": "2021-01-01", "date_to": "2021-12"}, 3),
    ],
)
def test_scope_filters_narrow_the_statements(corpus, scope_kw, expected_statements):
    scope = q.Scope("news", corpus["scope"].config_hash, **scope_kw)
    got = q.topic_emphasis_by_group(corpus["store"], scope, by="speaker")
    assert int(got.groupby("group")["n_statements"].max().sum()) == expected_statements


def test_stance_quotes_behind_a_point_are_that_target_and_period_most_confident_first(corpus):
    rows = q.stance_quotes(
        corpus["store"], corpus["scope"], target="Ukraine", period="year", value="2021", limit=50
    )
    assert len(rows) > 0 and set(rows["date"].str[:4]) == {"2021"}
    labelled = rows["label"] != "none"
    assert labelled.tolist() == sorted(labelled.tolist(), reverse=True)
    assert rows["text"].notna().all()
    point = q.stance_over_time(corpus["store"], corpus["scope"], targets=("Ukraine",))
    assert len(rows) == int(point.loc[point["period"] == "2021", "n_units"].iloc[0])


def test_topic_units_behind_a_point_are_that_topic_and_group(corpus):
    over = q.topic_emphasis_by_group(corpus["store"], corpus["scope"], by="speaker")
    topic, group = over.iloc[0]["topic"], over.iloc[0]["group"]
    rows = q.topic_units(corpus["store"], corpus["scope"], topic=topic, by="speaker", value=group, limit=3)
    assert 0 < len(rows) <= 3 and set(rows["statement_speaker"]) == {group}
    assert rows["topic_score"].is_monotonic_decreasing


def test_facets_list_speakers_targets_and_dates(corpus):
    facets = q.corpus_facets(corpus["store"], corpus["scope"])
    assert sorted(facets["speakers"]["value"]) == sorted(SPEAKERS)
    assert set(facets["targets"]["value"]) == set(TARGETS)
    assert facets["dates"].iloc[0].to_dict() == {"first": "2020-01-10", "last": "2022-09-18", "n_dated": 9,
                                                 "n_statements": 9}  # fmt: skip


@pytest.mark.parametrize(
    "call",
    [
        lambda s, sc: q.topic_emphasis_over_time(s, sc, period="week"),
        lambda s, sc: q.topic_emphasis_by_group(s, sc, by="country"),
        lambda s, sc: q.topic_emphasis_over_time(s, sc, weight="tokens"),
    ],
)
def test_unknown_grouping_is_refused_with_the_choices(corpus, call):
    with pytest.raises(InputError, match="choose one of"):
        call(corpus["store"], corpus["scope"])


def test_figures_carry_the_point_keys_for_clicks(corpus):
    store, scope = corpus["store"], corpus["scope"]
    over = q.topic_emphasis_over_time(store, scope)
    fig = topic_time_figure(over)
    assert len(fig.data) == len(top_topics(over)) > 0
    first = fig.data[0]
    assert [list(c) for c in first.customdata] == [[first.customdata[0][0], str(x)] for x in first.x]
    stance = q.stance_over_time(store, scope, targets=TARGETS)
    sfig = stance_time_figure(stance)
    assert sorted(tr.name for tr in sfig.data) == sorted(TARGETS)
    assert sum(int(t) for tr in sfig.data for t in tr.text) == int(stance["n_units"].sum())
    gfig = topic_group_figure(q.topic_emphasis_by_group(store, scope))
    assert np.asarray(gfig.data[0].z).shape[0] == len(SPEAKERS)


@pytest.mark.parametrize("fn", [topic_time_figure, topic_group_figure, stance_time_figure])
def test_figures_of_an_empty_selection_say_so(fn):
    fig = fn(pd.DataFrame())
    assert not fig.data and fig.layout.annotations and fig.layout.xaxis.title.text
