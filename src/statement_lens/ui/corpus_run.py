"""Corpus page controls: the bundled examples, a corpus job on uploads or the examples, its progress."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import streamlit as st

from statement_lens import examples
from statement_lens.corpus import background, lock
from statement_lens.corpus.job import JobSpec
from statement_lens.errors import InputError, StatementLensError
from statement_lens.ingest.limits import MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNCOMPRESSED_BYTES
from statement_lens.ui.services import Context, ensure_seed, forget_analyses

EXAMPLES_MARKER = ".examples"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "docx", "zip", "csv", "tsv", "jsonl"]
TABLES = (".csv", ".tsv", ".jsonl")


def ensure_examples(ctx: Context) -> None:
    """On a data directory that never had them, store the example statements (once: removal is respected)."""
    marker = Path(ctx.data_dir) / EXAMPLES_MARKER
    if marker.exists():
        return
    ensure_seed(ctx)  # the seed first: it is only added to an empty library
    Path(ctx.data_dir).mkdir(parents=True, exist_ok=True)
    examples.add_examples(ctx.store)
    forget_analyses()
    marker.write_text("example statements added\n", encoding="utf-8")


def remove_examples_button(ctx: Context) -> None:
    """A button that deletes the example statements (and their analyses) from the library."""
    n = len(examples.example_ids(ctx.store))
    if n and st.button(f"Remove the {n} example statements", key="lib_remove_examples"):
        examples.remove_examples(ctx.store)
        forget_analyses()
        st.rerun()


def _targets(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))


def _start(ctx: Context, source: Path, name: str, targets: Sequence[str]) -> None:
    spec = JobSpec(
        source=str(source), settings=ctx.settings, corpus=name, targets=tuple(targets), batch_size=2
    )
    try:
        background.start(spec)
    except StatementLensError as exc:
        st.error(str(exc))


def save_uploads(files: Sequence[Any], folder: Path) -> Path:
    """Write uploaded files (a zip is unpacked, names flattened) under ``folder``; return the job source.

    A single CSV/TSV/JSONL table is the source itself; anything else makes ``folder`` the source.

    Raises:
        InputError: a zip over the archive limits, or nothing readable uploaded.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if len(files) == 1 and Path(files[0].name).suffix.lower() in TABLES:
        path = folder / Path(files[0].name).name
        path.write_bytes(files[0].getvalue())
        return path
    for up in files:
        name = Path(up.name).name
        if name.lower().endswith(".zip"):
            _unzip(up.getvalue(), folder, name)
        else:
            (folder / name).write_bytes(up.getvalue())
    if not any(p.is_file() for p in folder.rglob("*")):
        raise InputError(
            "Nothing to analyse was uploaded: add text, PDF, DOCX or HTML files, or a zip of them."
        )
    return folder


def _unzip(data: bytes, folder: Path, name: str) -> None:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"{name} is not a readable zip archive ({exc}).") from exc
    entries = [i for i in archive.infolist() if not i.is_dir()]
    size = sum(i.file_size for i in entries)
    if len(entries) > MAX_ARCHIVE_ENTRIES or size > MAX_ARCHIVE_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{name} holds {len(entries)} files, {size:,} bytes unpacked; the limits "
            f"are {MAX_ARCHIVE_ENTRIES} files and {MAX_ARCHIVE_UNCOMPRESSED_BYTES:,} bytes "
            "(MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNCOMPRESSED_BYTES). Split it."
        )
    for info in entries:
        base = PurePosixPath(info.filename).name  # flattened: no path from the archive is trusted
        if base and not base.startswith("."):
            (folder / base).write_bytes(archive.read(info))


def start_panel(ctx: Context) -> None:
    """Buttons and forms that start a corpus job: the examples, or uploaded files."""
    job = background.current(ctx.data_dir)
    other = background.elsewhere(ctx.data_dir)
    busy = (job is not None and not job.finished) or (other is not None and other.held)
    targets = st.text_input(
        "Targets (comma-separated, optional)", key="corpus_targets", help="Stance is read toward these."
    )
    if st.button("Analyse the example corpus", type="primary", disabled=busy, key="corpus_examples"):
        ensure_examples(ctx)
        _start(ctx, examples.folder(), examples.CORPUS, _targets(targets))
        st.rerun()
    with st.form("corpus_upload", clear_on_submit=True):
        files = st.file_uploader(
            "Or upload statements: several files, a zip, or a CSV/JSONL with a `text` column",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
        )
        name = st.text_input("Corpus name", value="uploaded")
        if st.form_submit_button("Analyse the uploaded corpus", disabled=busy) and files:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            try:
                source = save_uploads(files, Path(ctx.data_dir) / "uploads" / stamp)
            except InputError as exc:
                st.error(str(exc))
            else:
                _start(ctx, source, name.strip() or "uploaded", _targets(targets))
                st.rerun()
    st.caption(
        "The dashboard runs corpus jobs on its local engine. For large corpora use Ray from the command "
        "line: "
        "`statement-lens corpus analyze FOLDER --engine ray --workers 2 --targets Ukraine` "
        "(same store: the result appears here)."
    )


@st.fragment(run_every=2.0)
def progress_panel(data_dir: str) -> None:
    """Progress of this data directory's running job; reruns the page once when it finishes."""
    job = background.current(data_dir)
    if job is None or job.finished:
        other = background.elsewhere(data_dir)
        if other is not None and (job is None or other.updated > job.started):
            _other_process_job(other)
            return
    if job is None:
        return
    s = job.summary
    name = job.spec.corpus_name
    if not job.finished:
        if s is None:
            st.progress(0.0, text=f"Corpus {name!r}: loading the models and reading the files…")
        else:
            st.progress(
                job.fraction,
                text=f"Corpus {name!r}: {job.processed} of {s.items} statements "
                f"({s.done} analysed, {s.skipped} already done, {len(s.failed)} failed)",
            )
        if st.button("Stop the job (a rerun resumes it)", key="corpus_stop"):
            job.stop.set()
        return
    if job.error:
        st.error(f"The corpus job {name!r} stopped: {job.error}")
    elif s is not None:
        st.success(
            f"Corpus {name!r}: {s.done} analysed, {s.skipped} already done, {len(s.failed)} failed "
            f"in {s.seconds:.0f} s." + ("" if s.finished else " Stopped: start it again to resume.")
        )
        for failure in s.failed[:5]:
            st.warning(f"{failure['key']}: {failure.get('reason')}")
    seen = st.session_state.setdefault("corpus_jobs_seen", set())
    if id(job) not in seen:
        seen.add(id(job))
        forget_analyses()
        st.rerun(scope="app")


def _other_process_job(status: lock.JobStatus) -> None:
    """The job another process (a second server, the CLI) runs or ran on this data directory."""
    name = status.corpus
    if status.held:
        counts = (
            f"{status.processed} of {status.items} statements ({status.done} analysed, "
            f"{status.skipped} already done, {status.failed} failed)"
            if status.items
            else "loading the models and reading the files…"
        )
        st.progress(status.fraction, text=f"Corpus {name!r}: {counts}")
        st.caption(f"Running in another {status.owner()}: stop it there. Its results appear here as it goes.")
        st.session_state["corpus_watched"] = (status.pid, status.started)
        return
    if status.stale:
        progress = "before its first batch"
        if status.items:
            progress = f"after {status.processed} of {status.items} statements"
        st.warning(
            f"The corpus job {name!r} stopped when its {status.owner()} ended, {progress}. "
            "Start it again to resume from its committed batches."
        )
    elif status.state == lock.FAILED:
        st.error(f"The corpus job {name!r} ({status.owner()}) stopped: {status.error}")
    else:
        st.success(
            f"Corpus {name!r} ({status.owner()}): {status.done} analysed, {status.skipped} already done, "
            f"{status.failed} failed."
            + (" Stopped: start it again to resume." if status.state == lock.STOPPED else "")
        )
    if st.session_state.pop("corpus_watched", None) == (status.pid, status.started):
        forget_analyses()  # the job ended while this page watched it: show its results
        st.rerun(scope="app")
