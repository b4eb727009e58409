"""A file uploaded alone in the Library is dated and attributed from its name the way a corpus file is
(``2024-Biden-1.txt``, ``..._2023.txt``, ISO dates), and a date line in its text wins over the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from statement_lens.corpus.sources import list_items, load_item
from statement_lens.store.database import Store
from statement_lens.ui.manage import load_upload
from tests.dashboard_factory import app_env, new_app

BODY = (
    "We will keep supporting our partners in Europe. The budget for schools and hospitals grows this year, "
    "and taxes on working families will not rise. Our allies can count on us."
)
DATELINE = "BRUSSELS, 15 October 2020 - " + BODY


@pytest.mark.parametrize(
    ("name", "text", "date", "speaker"),
    [
        ("2024-Biden-1.txt", BODY, "2024", "Biden"),
        ("USA_79_2024.txt", BODY, "2024", "USA"),
        ("remarks_2023.txt", BODY, "2023", None),
        ("press_release_2023-11-02.txt", BODY, "2023-11-02", None),
        ("notes.txt", BODY, None, None),
        ("2024-Biden-1.txt", DATELINE, "2020-10-15", "Biden"),  # the text's date line wins over the name
    ],
)
def test_an_uploaded_file_is_dated_from_its_name_unless_its_text_has_a_date_line(
    name: str, text: str, date: str | None, speaker: str | None
) -> None:
    statement = load_upload(text.encode(), name)
    assert (statement.date, statement.speaker) == (date, speaker)


@pytest.mark.parametrize("name", ["2024-Biden-1.txt", "remarks_2023.txt", "speech_2022-03-01.txt", "a.txt"])
@pytest.mark.parametrize("text", [BODY, DATELINE])
def test_an_upload_gets_the_same_date_and_speaker_as_the_same_file_in_a_corpus(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (item,) = list_items(tmp_path)
    in_corpus = load_item(item)
    uploaded = load_upload(text.encode(), name)
    assert (uploaded.date, uploaded.speaker) == (in_corpus.date, in_corpus.speaker)


def test_the_library_page_stores_the_date_and_speaker_of_an_uploaded_file_name(monkeypatch, tmp_path):
    app_env(monkeypatch, tmp_path)
    at = new_app("app_pages/library.py").run()
    at.file_uploader[0].set_value(("2023-Lee-2.txt", BODY.encode(), "text/plain")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    listing = Store(tmp_path / "data").list_statements()
    row = listing[listing["origin"] == "2023-Lee-2.txt"].iloc[0]
    assert (row["date"], row["speaker"]) == ("2023", "Lee")
