import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from statement_lens.corpus import JobSpec, list_items, load_item, read_table, run_job
from statement_lens.corpus.cli import main as corpus_main
from statement_lens.errors import InputError
from statement_lens.pipeline.analysis import analyze
from statement_lens.services import load_services
from statement_lens.store.database import Store
from tests.corpus_fixtures import (
    TARGETS,
    comparable,
    fake_settings,
    stored_analyses,
    write_folder,
    write_jsonl,
)

REPO = Path(__file__).resolve().parents[1]


def _spec(source, data_dir, **kw):
    kw.setdefault("batch_size", 2)
    return JobSpec(source=str(source), settings=fake_settings(data_dir), targets=TARGETS, **kw)


def _members(store, corpus):
    return store.query("SELECT statement_id FROM corpus_members WHERE corpus=?", (corpus,))


def test_local_job_analyses_every_item_into_parquet_and_the_store(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", 6)
    summary = run_job(_spec(src, tmp_path / "data"))
    assert (summary.done, summary.skipped, summary.failed, summary.finished) == (6, 0, [], True)
    store = Store(tmp_path / "data")
    ch = fake_settings(tmp_path).config_hash()
    assert len(stored_analyses(store, ch)) == 6
    assert len(_members(store, "news")) == 6
    statements = read_table(summary.job_dir, "statements")
    assert statements["statement_id"].is_unique and len(statements) == 6
    assert set(statements["speaker"]) == {"Anna Berg", "Omar Haddad", "Lena Novak"}
    for table in ("stance", "topics"):
        parquet_rows = len(read_table(summary.job_dir, table))
        assert parquet_rows == int(store.query(f"SELECT COUNT(*) AS n FROM {table}")["n"].iloc[0]) > 0
    quotes = read_table(summary.job_dir, "quotes")
    assert len(quotes) == int(statements["n_quotes"].sum()) > 0
    # the review flag and the speaker's confidence travel with every quotation
    assert quotes["speaker_confidence"].notna().all()
    assert set(quotes["needs_review"].unique()) <= {True, False}


def test_parquet_quotes_of_an_analysis_stored_before_the_review_columns_have_nulls(fake_settings):
    from statement_lens.corpus.parquet import tidy_tables
    from statement_lens.pipeline import analyze

    a = analyze('"We will act," the minister said.', ["the minister"], settings=fake_settings)
    old = a.quotes.drop(columns=["speaker_confidence", "needs_review"])
    a.quotes = old
    tables = tidy_tables([(a, {"statement_id": "s1", "key": "k1", "analysis_json": "{}"})], [], "c")
    quotes = tables["quotes"].to_pandas()
    assert len(quotes) == 1
    assert quotes["needs_review"].isna().all() and quotes["speaker_confidence"].isna().all()


def test_corpus_results_equal_a_direct_analysis_of_each_statement(tmp_path):
    """The dashboard and the CLI call analyze(statement, targets, services): the corpus job must agree."""
    src = write_jsonl(tmp_path / "news.jsonl", 3)
    settings = fake_settings(tmp_path / "data")
    run_job(_spec(src, tmp_path / "data"))
    stored = stored_analyses(Store(tmp_path / "data"), settings.config_hash())
    services = load_services(settings)
    direct = [comparable(analyze(load_item(it), list(TARGETS), services=services)) for it in list_items(src)]
    assert sorted(stored.values(), key=lambda d: d["statement_text"]) == sorted(
        direct, key=lambda d: d["statement_text"]
    )


def test_rerun_skips_everything_and_duplicates_nothing(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", 4)
    first = run_job(_spec(src, tmp_path / "data"))
    second = run_job(_spec(src, tmp_path / "data"))
    assert (second.done, second.skipped, second.failed) == (0, 4, [])
    assert first.job_dir == second.job_dir
    assert len(read_table(second.job_dir, "statements")) == 4
    assert len(_members(Store(tmp_path / "data"), "news")) == 4


def test_corrupt_and_empty_files_fail_alone_with_their_reasons(tmp_path):
    folder = write_folder(tmp_path / "press", 3)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (folder / "empty.txt").write_bytes(b"")
    summary = run_job(_spec(folder, tmp_path / "data"))
    assert summary.done == 3 and summary.finished
    reasons = {Path(f["key"]).name: f["reason"] for f in summary.failed}
    assert set(reasons) == {"broken.pdf", "empty.txt"}
    assert "PDF" in reasons["broken.pdf"] and "empty" in reasons["empty.txt"]
    failures = read_table(summary.job_dir, "failures")
    assert sorted(Path(k).name for k in failures["item_key"]) == ["broken.pdf", "empty.txt"]
    assert all(failures["stage"] == "ingest")


def test_cli_exit_code_and_summary_list_failed_items(tmp_path, capsys):
    folder = write_folder(tmp_path / "press", 2)
    (folder / "broken.docx").write_bytes(b"not a zip")
    argv = ["analyze", str(folder), "--data-dir", str(tmp_path / "data"), "--embedder", "embedder.fake",
            "--stance", "stance.fake", "--summarizer", "summarizer.fake", "--targets", "Ukraine",
            "--no-progress"]  # fmt: skip
    assert corpus_main(argv) == 2
    out = capsys.readouterr().out
    assert "done 2" in out and "failed 1" in out and "FAILED" in out and "broken.docx" in out


def test_duplicate_texts_in_one_corpus_are_analysed_once(tmp_path):
    folder = write_folder(tmp_path / "press", 2)
    shutil.copy(folder / "statement_000.txt", folder / "copy_of_0.txt")
    summary = run_job(_spec(folder, tmp_path / "data", batch_size=8))
    assert (summary.done, summary.duplicates, summary.skipped) == (2, 1, 1)
    assert read_table(summary.job_dir, "statements")["statement_id"].is_unique


def test_batch_committed_to_parquet_but_not_to_the_store_is_loaded_on_rerun(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", 4)
    first = run_job(_spec(src, tmp_path / "data"))
    store = Store(tmp_path / "data")
    lost = read_table(first.job_dir, "statements")["statement_id"][:2]
    for sid in lost:  # as if the driver died after the Parquet rename, before the store commit
        store.delete_statement(sid)
    (Path(first.job_dir) / "parts" / ".deadbeef.tmp").mkdir()  # and a half-written batch folder
    second = run_job(_spec(src, tmp_path / "data"))
    assert (second.reloaded, second.done, second.skipped) == (2, 0, 4)
    assert len(stored_analyses(store, fake_settings(tmp_path).config_hash())) == 4
    assert not list((Path(first.job_dir) / "parts").glob(".*.tmp"))


def test_new_targets_reanalyse_only_statements_that_lack_them(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", 3)
    data = tmp_path / "data"
    spec = JobSpec(source=str(src), settings=fake_settings(data), targets=("Ukraine",))
    assert run_job(spec).done == 3
    wider = JobSpec(source=str(src), settings=fake_settings(data), targets=("Ukraine", "sanctions"))
    assert run_job(wider).done == 3
    narrower = JobSpec(source=str(src), settings=fake_settings(data), targets=("sanctions",))
    assert (run_job(narrower).skipped, run_job(narrower).done) == (3, 0)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"engine": "spark"}, "Unknown engine"),
        ({"workers": 2}, "need --engine ray"),
        ({"batch_size": 0}, "at least 1"),
    ],
)
def test_bad_job_options_are_refused(tmp_path, kw, message):
    with pytest.raises(InputError, match=message):
        JobSpec(source=str(tmp_path), settings=fake_settings(tmp_path), **kw)


def _committed(data_dir: Path) -> int:
    return sum(1 for p in data_dir.glob("corpus_jobs/*/parts/*") if not p.name.startswith("."))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_job_stopped_half_way_is_finished_by_a_rerun_without_duplicates(tmp_path, sig):
    n = 12
    src = write_jsonl(tmp_path / "news.jsonl", n)
    data = tmp_path / "data"
    argv = ["analyze", str(src), "--data-dir", str(data), "--plugin", "tests.corpus_fixtures",
            "--stance", "stance.slow_fake", "--embedder", "embedder.fake", "--summarizer", "summarizer.fake",
            "--targets", "Ukraine", "--batch-size", "1", "--no-progress"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "statement_lens", "corpus", *argv], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while _committed(data) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    before = _committed(data)
    assert 3 <= before < n, (
        f"the job was not stopped half-way ({before} of {n} batches); stderr: {err[-2000:]}"
    )
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "rerun the same command" in err, err[-3000:]

    assert corpus_main(argv) == 0
    store = Store(data)
    statements = read_table(next(data.glob("corpus_jobs/*")), "statements")
    assert len(statements) == n and statements["statement_id"].is_unique
    stance = read_table(next(data.glob("corpus_jobs/*")), "stance")
    assert not stance.duplicated(["statement_id", "unit_id", "target"]).any()
    assert int(store.query("SELECT COUNT(*) AS n FROM analyses")["n"].iloc[0]) == n
    assert int(store.query("SELECT COUNT(*) AS n FROM stance")["n"].iloc[0]) == len(stance)
    assert len(_members(store, "news")) == n
