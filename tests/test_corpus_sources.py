import json

import pytest

from statement_lens.corpus.sources import SourceItem, list_items, load_item
from statement_lens.errors import InputError
from statement_lens.ui.corpus_filters import CorpusFilters, point_from_selection
from tests.corpus_fixtures import statement_text, write_folder, write_jsonl


def test_folder_lists_every_file_below_it_sorted_and_skips_hidden(tmp_path):
    write_folder(tmp_path / "c", 3)
    (tmp_path / "c" / "sub").mkdir()
    (tmp_path / "c" / "sub" / "z.txt").write_text(statement_text(9), encoding="utf-8")
    (tmp_path / "c" / ".hidden.txt").write_text("x", encoding="utf-8")
    keys = [it.key for it in list_items(tmp_path / "c")]
    names = [k.rsplit("/", 1)[-1] for k in keys]
    assert names == ["statement_000.txt", "statement_001.txt", "statement_002.txt", "z.txt"]


def test_glob_selects_matching_files_only(tmp_path):
    write_folder(tmp_path / "c", 3)
    (tmp_path / "c" / "notes.md").write_text("# notes", encoding="utf-8")
    items = list_items(str(tmp_path / "c" / "*.txt"))
    assert len(items) == 3 and all(it.path and it.path.endswith(".txt") for it in items)


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        (r"(?P<speaker>[A-Z]{3})_\d+_(?P<date>\d{4})", "USA_79_2024.txt", {"speaker": "USA", "date": "2024"}),
        (r"(?P<source>press|speech)", "press_1.txt", {"source": "press"}),
        (r"(?P<speaker>[A-Z]{3})_", "lower_case.txt", {}),
    ],
)
def test_path_meta_fills_date_speaker_source_from_named_groups(tmp_path, pattern, name, expected):
    (tmp_path / name).write_text(statement_text(1), encoding="utf-8")
    (item,) = list_items(tmp_path / name, path_meta=pattern)
    got = {k: getattr(item, k) for k in ("date", "speaker", "source") if getattr(item, k)}
    assert got == expected


@pytest.mark.parametrize("pattern", [r"(?P<country>x)", r"no groups", r"(?P<date>"])
def test_bad_path_meta_is_refused_with_an_example(tmp_path, pattern):
    write_folder(tmp_path, 1)
    with pytest.raises(InputError, match="path-meta"):
        list_items(tmp_path, path_meta=pattern)


def test_jsonl_rows_carry_metadata_and_bad_lines_become_failed_items(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", 2)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps(["a list"]) + "\n")
        fh.write(json.dumps({"title": "no text"}) + "\n")
    items = list_items(path)
    assert [it.problem is None for it in items] == [True, True, False, False, False]
    assert (
        items[0].speaker == "Anna Berg" and items[0].date == "2020-01-10" and items[0].source == "Ministry B"
    )
    assert "not valid JSON" in str(items[2].problem) and "no text" in str(items[4].problem)
    with pytest.raises(InputError, match="line 3"):
        load_item(items[2])


def test_csv_needs_a_text_column(tmp_path):
    (tmp_path / "a.csv").write_text("body,date\nhello,2024\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'text' column"):
        list_items(tmp_path / "a.csv")


def test_csv_row_becomes_a_statement_with_its_metadata(tmp_path):
    (tmp_path / "a.csv").write_text(
        'text,title,date,speaker\n"'
        + statement_text(2).replace('"', '""')
        + '",My title,2024-05-01,Jane Roe\n',
        encoding="utf-8",
    )
    (item,) = list_items(tmp_path / "a.csv")
    st = load_item(item)
    assert (st.title, st.date, st.speaker, st.origin) == ("My title", "2024-05-01", "Jane Roe", item.key)
    assert st.text.startswith("Ministry statement number 2")


@pytest.mark.parametrize("source", ["does/not/exist", "nothing/*.txt"])
def test_missing_source_says_what_to_give(tmp_path, source):
    with pytest.raises(InputError, match=r"does not exist|matches no file"):
        list_items(str(tmp_path / source))


def test_item_row_round_trip_turns_nan_into_none():
    item = SourceItem(key="k", text="t", date="2024")
    row = item.to_row() | {"speaker": float("nan")}
    assert SourceItem.from_row(row) == item


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"corpus": "un", "c_period": "month", "c_by": "source", "c_weight": "statements"},
        {
            "corpus": "un",
            "c_speaker": ["USA", "FRA"],
            "c_target": ["Ukraine"],
            "c_from": "2023",
            "c_to": "2024-06",
        },
        {"corpus": "un", "c_tp": "Defense|2024", "c_sp": "Ukraine|2023"},
    ],
)
def test_corpus_filters_round_trip_through_the_url(params):
    f = CorpusFilters.from_query(params)
    assert CorpusFilters.from_query(f.to_query()) == f
    assert f.to_query() == params


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"c_period": "decade"}, "period", "year"),
        ({"c_by": "DROP TABLE"}, "by", "speaker"),
        ({"c_tp": "no-separator"}, "topic_point", None),
        ({"c_from": "2024-01-01T00:00:00"}, "date_from", "2024-01-01"),
    ],
)
def test_untrusted_corpus_query_values_fall_back_to_defaults(params, field, expected):
    assert getattr(CorpusFilters.from_query(params), field) == expected


def test_switching_corpus_drops_the_old_slices_but_keeps_grouping():
    f = CorpusFilters(corpus="a", period="month", speakers=("X",), stance_point=("Ukraine", "2024"))
    g = f.for_corpus("b")
    assert (g.corpus, g.period, g.speakers, g.stance_point) == ("b", "month", (), None)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (None, None),
        ({"selection": {"points": []}}, None),
        ({"selection": {"points": [{"customdata": ["Ukraine", "2024", 3]}]}}, ("Ukraine", "2024")),
        ({"selection": {"points": [{"x": "2024"}]}}, None),
    ],
)
def test_clicked_point_is_read_from_customdata(event, expected):
    assert point_from_selection(event) == expected
