"""Corpus jobs started from the dashboard: a background thread per data directory, one at a time; uploads
(files, a zip, a table) become the job's source; the shipped examples carry their metadata."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from statement_lens import examples
from statement_lens.corpus import background
from statement_lens.corpus.job import JobSpec
from statement_lens.corpus.sources import list_items
from statement_lens.errors import InputError, StatementLensError
from statement_lens.store.database import Store
from statement_lens.ui.corpus_run import save_uploads
from tests.corpus_fixtures import TARGETS, fake_settings, statement_text, write_folder


@dataclass
class Upload:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def _wait(job: background.BackgroundJob, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.finished


def test_a_background_job_runs_the_corpus_job_and_a_second_one_waits_its_turn(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "statements", 4)
    settings = fake_settings(tmp_path / "data", stance="stance.slow_fake")
    job = background.start(JobSpec(source=str(folder), settings=settings, targets=TARGETS, batch_size=1))
    with pytest.raises(StatementLensError, match="already running"):
        background.start(JobSpec(source=str(folder), settings=settings, targets=TARGETS))
    assert background.current(tmp_path / "data") is job
    _wait(job)
    assert job.error is None and job.summary is not None
    assert (job.summary.done, job.summary.finished, job.fraction) == (4, True, 1.0)
    again = background.start(JobSpec(source=str(folder), settings=settings, targets=TARGETS))
    _wait(again)
    assert again.summary is not None and (again.summary.done, again.summary.skipped) == (0, 4)


def test_uploads_become_a_folder_and_a_zip_is_unpacked_flat(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("speeches/2024-Lee-1.txt", statement_text(1))
        zf.writestr("../../evil/2023-Lee-1.txt", statement_text(2))
        zf.writestr(".hidden", "x")
    source = save_uploads(
        [Upload("2022-Lee-1.txt", statement_text(0).encode()), Upload("more.zip", buf.getvalue())],
        tmp_path / "up",
    )
    assert source == tmp_path / "up"
    assert sorted(p.name for p in source.iterdir()) == ["2022-Lee-1.txt", "2023-Lee-1.txt", "2024-Lee-1.txt"]
    assert sorted(i.name_date for i in list_items(source)) == ["2022", "2023", "2024"]


def test_a_single_uploaded_table_is_the_source_and_an_empty_upload_is_refused(tmp_path: Path) -> None:
    table = save_uploads([Upload("rows.jsonl", b'{"text": "Hello there, world."}\n')], tmp_path / "t")
    assert table == tmp_path / "t" / "rows.jsonl"
    with pytest.raises(InputError, match="Nothing to analyse"):
        save_uploads([Upload("empty.zip", _empty_zip())], tmp_path / "e")


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w"):
        pass
    return buf.getvalue()


def test_the_shipped_examples_are_stored_with_dates_speakers_and_titles_and_can_be_removed(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "data")
    ids = examples.add_examples(store)
    assert len(ids) == 17 and len(set(ids.values())) == 17
    listing = store.list_statements().set_index("statement_id")
    biden = listing.loc[ids["2024-Biden-1.txt"]]
    assert (biden["date"], biden["speaker"], biden["title"]) == (
        "2024-03-07",
        "Joseph R. Biden Jr.",
        "State of the Union 2024",
    )
    assert listing.loc[ids["UKR_79_2024.txt"], "speaker"] == "Ukraine"
    assert examples.comparison_ids(store) == [ids["USA_79_2024.txt"], ids["UKR_79_2024.txt"]]
    assert examples.remove_examples(store) == 17
    assert store.list_statements().empty


def test_the_examples_stay_small() -> None:
    size = sum(p.stat().st_size for p in examples.folder().iterdir())
    assert size < 3 * 2**20
    assert (examples.folder().parent / "SOURCE.md").is_file()
