"""The ``seq2seq`` summariser, on a tiny random-weight BART built with ``from_config`` (no download)."""

from __future__ import annotations

import pytest

from statement_lens.config import Settings
from statement_lens.errors import EmptyInputError
from statement_lens.models import Summarizer, create
from statement_lens.summary.seq2seq import Chunk, plan_chunks
from tests.hf_tiny import build_bart

SENTENCE = "Jens Stoltenberg said the allies must help Ukraine with more ammunition and air defence today."
LONG_TEXT = " ".join(f"{SENTENCE[:-1]} {i}." for i in range(20))  # 7 chunks of a 64-token window


@pytest.fixture(scope="module")
def bart_folder(tmp_path_factory):
    return build_bart(tmp_path_factory.mktemp("tiny_bart"), max_positions=64)


@pytest.fixture(scope="module")
def summarizer(bart_folder):
    return create(
        "summarizer",
        "seq2seq",
        settings=Settings(summarizer="seq2seq", summarizer_checkpoint=str(bart_folder)),
        max_new_tokens=12,
    )


@pytest.mark.parametrize(
    ("counts", "budget", "max_chunks", "chunks", "coverage"),
    [
        ([10, 10, 10], 30, None, [Chunk(0, 3, 30)], 1.0),
        ([10, 10, 10], 20, None, [Chunk(0, 2, 20), Chunk(2, 3, 10)], 1.0),
        ([10, 10, 10], 20, 1, [Chunk(0, 2, 20)], 20 / 30),
        ([50, 10], 20, None, [Chunk(0, 1, 20), Chunk(1, 2, 10)], 30 / 60),
        ([5, 50, 5], 20, None, [Chunk(0, 1, 5), Chunk(1, 2, 20), Chunk(2, 3, 5)], 30 / 60),
        ([], 20, None, [], 1.0),
    ],
)
def test_plan_chunks_packs_sentences_and_reports_coverage(counts, budget, max_chunks, chunks, coverage):
    plan = plan_chunks(counts, budget, max_chunks=max_chunks)
    assert list(plan.chunks) == chunks
    assert plan.coverage == pytest.approx(coverage)
    assert all(c.tokens <= budget for c in plan.chunks)


def test_plan_chunks_keeps_every_sentence_once_in_order():
    counts = [7, 3, 12, 1, 9, 4, 4, 15, 2]
    plan = plan_chunks(counts, 16)
    covered = [i for c in plan.chunks for i in range(c.first, c.stop)]
    assert covered == list(range(len(counts)))


def test_seq2seq_loads_from_a_local_folder_and_summarises(summarizer, bart_folder):
    assert isinstance(summarizer, Summarizer)
    assert summarizer.window == 64
    s = summarizer.summarize(SENTENCE)
    assert s.method == "seq2seq"
    assert s.model == str(bart_folder)
    assert not s.experimental
    assert s.input_coverage == 1.0
    assert 1 <= len(s.sentences) <= 3
    assert all(sent.text.strip() for sent in s.sentences)


def test_seq2seq_chunks_a_long_input_and_covers_all_of_it(summarizer):
    chunks, _plan = summarizer.preprocess(LONG_TEXT)
    assert len(chunks) > 1
    assert "".join(chunks).replace(" ", "") == LONG_TEXT.replace(" ", "")  # chunks tile the text
    counts = [len(summarizer._tokenizer(c, add_special_tokens=True)["input_ids"]) for c in chunks]
    assert max(counts) <= summarizer.window
    s = summarizer.summarize(LONG_TEXT, max_sentences=3)
    assert s.input_coverage == pytest.approx(1.0)
    assert len(s.sentences) <= 3


def test_seq2seq_reports_partial_coverage_when_chunks_are_capped(bart_folder):
    capped = create("summarizer", "seq2seq", checkpoint=str(bart_folder), max_chunks=2, max_new_tokens=8)
    s = capped.summarize(LONG_TEXT)
    assert 0.0 < s.input_coverage < 0.5


def test_seq2seq_reports_partial_coverage_for_a_sentence_longer_than_the_window(summarizer):
    run_on = " and ".join(["the allies must help ukraine"] * 30) + "."
    s = summarizer.summarize(run_on)
    assert 0.0 < s.input_coverage < 1.0


def test_seq2seq_sentence_offsets_point_at_the_source_or_are_none(summarizer):
    s = summarizer.summarize(LONG_TEXT)
    for sent in s.sentences:
        if sent.start is not None:
            assert LONG_TEXT[sent.start : sent.end] == sent.text


def test_seq2seq_rejects_empty_text(summarizer):
    with pytest.raises(EmptyInputError):
        summarizer.summarize("  \n ")
