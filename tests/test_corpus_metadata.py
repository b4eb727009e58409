"""Corpus metadata without flags: dates and speakers from file names, a metadata table read automatically,
and a rerun with new metadata that updates the store without analysing anything again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statement_lens.corpus.cli import main as corpus_main
from statement_lens.corpus.metadata import from_file_name
from statement_lens.corpus.sources import list_items
from statement_lens.store.database import Store

SPEECH = (
    "Tonight I report to you on the state of our economy and our security. "
    "Our farmers had a good year and our schools are improving. "
    "We will keep supporting our allies in Europe and we will build new roads. "
    "Paragraph {i} says more about hospitals, energy prices and the budget.\n"
)
FILES = {"2022-Biden-1.txt": 0, "2023-Biden-1.txt": 1, "2019-Trump-1.txt": 2}
FAKES = ["--stance", "stance.fake", "--summarizer", "summarizer.fake", "--embedder", "embedder.fake"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-Biden-1.txt", {"date": "2024", "speaker": "Biden"}),
        ("1962-Kennedy.txt", {"date": "1962", "speaker": "Kennedy"}),
        ("USA_79_2024.txt", {"date": "2024", "speaker": "USA"}),
        ("statement_2023.txt", {"date": "2023"}),
        ("press-release-2023-11-02.pdf", {"date": "2023-11-02"}),
        ("2023-02-30-note.txt", {"date": "2023"}),  # not a real day: the year is still a year
        ("notes_v2.txt", {}),
        ("chapter_1999_draft.txt", {}),  # a year in the middle of a name is not taken
    ],
)
def test_file_names_give_a_date_and_a_speaker(name: str, expected: dict[str, str]) -> None:
    assert from_file_name(name) == expected


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name, i in FILES.items():
        (folder / name).write_text(SPEECH.format(i=i), encoding="utf-8")
    return folder


def _run(folder: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = corpus_main(
        ["analyze", str(folder), "--data-dir", str(data_dir), "--json", "--no-progress", *FAKES]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _statements(data_dir: Path) -> dict[str, tuple[str, str, str]]:
    df = Store(data_dir).query("SELECT origin, date, speaker, title FROM statements")
    return {Path(o).name: (d, s, t) for o, d, s, t in df.itertuples(index=False)}


def test_a_folder_of_year_name_files_gives_dated_attributed_statements_and_a_metadata_table_updates_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, data_dir = _folder(tmp_path), tmp_path / "data"
    first = _run(folder, data_dir, capsys)
    assert (first["done"], first["skipped"], first["failed"]) == (3, 0, [])
    got = _statements(data_dir)
    assert {name: got[name][:2] for name in FILES} == {
        "2022-Biden-1.txt": ("2022", "Biden"),
        "2023-Biden-1.txt": ("2023", "Biden"),
        "2019-Trump-1.txt": ("2019", "Trump"),
    }
    n_analyses = len(Store(data_dir).query("SELECT * FROM analyses"))

    (folder / "metadata.csv").write_text(
        "fileid,date,president_full,title\n"
        "2022-Biden-1,2022-03-01,Joseph R. Biden,State of the Union 2022\n"
        "2023-Biden-1,2023-02-07,Joseph R. Biden,State of the Union 2023\n"
        "2019-Trump-1,2019-02-05,Donald J. Trump,State of the Union 2019\n",
        encoding="utf-8",
    )
    second = _run(folder, data_dir, capsys)
    assert (second["items"], second["done"], second["skipped"]) == (3, 0, 3)  # the table is no item
    assert second["metadata_updated"] == 3
    assert len(Store(data_dir).query("SELECT * FROM analyses")) == n_analyses
    assert _statements(data_dir)["2022-Biden-1.txt"] == (
        "2022-03-01",
        "Joseph R. Biden",
        "State of the Union 2022",
    )
    stored = Store(data_dir).query("SELECT statement_json FROM statements WHERE date='2023-02-07'")
    assert json.loads(stored["statement_json"].iloc[0])["speaker"] == "Joseph R. Biden"

    third = _run(folder, data_dir, capsys)
    assert (third["done"], third["metadata_updated"]) == (0, 0)


def test_a_metadata_table_above_the_files_is_found_and_a_jsonl_table_works(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    sub = folder / "2024"
    sub.mkdir()
    (sub / "USA_79_2024.txt").write_text(SPEECH.format(i=9), encoding="utf-8")
    (folder / "metadata.jsonl").write_text(
        json.dumps({"file": "2024/USA_79_2024.txt", "speaker": "United States", "source": "UN"}) + "\n",
        encoding="utf-8",
    )
    items = {Path(i.key).name: i for i in list_items(folder)}
    assert "metadata.jsonl" not in items
    usa = items["USA_79_2024.txt"]
    assert (usa.speaker, usa.source, usa.name_date) == ("United States", "UN", "2024")
