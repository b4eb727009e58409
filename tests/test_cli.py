"""CLI behaviour: exit codes, messages on stderr, outputs written."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from statement_lens.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stance_command_adds_label_and_score_columns(tmp_path, capsys):
    inp = tmp_path / "pairs.csv"
    pd.DataFrame(
        {"text": ["We support Ukraine fully.", "Fishing quotas rose."], "target": ["Ukraine"] * 2}
    ).to_csv(inp, index=False)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "stance", "--input", str(inp), "--output", str(out), "--stance", "stance.fake")
    assert code == 0, err
    df = pd.read_csv(out)
    assert list(df.columns[:4]) == ["text", "target", "label", "score"]
    assert df["label"].tolist() == ["favor", "none"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,target\nx,y\n", "lacks column"),
        (None, "does not exist"),
    ],
)
def test_stance_bad_input_exits_2_with_a_message(tmp_path, capsys, content, message):
    inp = tmp_path / "pairs.csv"
    if content is not None:
        inp.write_text(content)
    code, _out, err = run(capsys, "stance", "--input", str(inp), "--output", str(tmp_path / "o.csv"),
                         "--stance", "stance.fake")  # fmt: skip
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_backend_is_a_model_error_listing_valid_names(tmp_path, capsys):
    inp = tmp_path / "pairs.csv"
    inp.write_text("text,target\nx,y\n")
    code, _, err = run(capsys, "stance", "--input", str(inp), "--output", str(tmp_path / "o.csv"),
                       "--stance", "stance.nope")  # fmt: skip
    assert code == 1
    assert "Valid names" in err


def test_analyze_csv_without_out_is_bad_usage(tmp_path, capsys):
    f = tmp_path / "s.txt"
    f.write_text("He said hello.")
    code, _, err = run(capsys, "analyze", str(f), "--format", "csv", "--data-dir", str(tmp_path / "d"),
                       "--stance", "stance.fake", "--summarizer", "summarizer.fake")  # fmt: skip
    assert code == 2
    assert "--out" in err


def test_analyze_dates_and_attributes_a_file_from_its_name_like_a_corpus_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STATEMENT_LENS_EMBEDDER", "embedder.fake")
    f = tmp_path / "2024-Biden-1.txt"
    f.write_text("We will rebuild the economy. Our nation is strong and our future is bright.")
    code, out, err = run(capsys, "analyze", str(f), "--data-dir", str(tmp_path / "d"),
                         "--stance", "stance.fake", "--summarizer", "summarizer.fake")  # fmt: skip
    assert code == 0, err
    statement = json.loads(out)["statement"]
    assert statement["date"] == "2024"
    assert "Biden" in statement["speaker"]


def test_analyze_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", str(tmp_path / "absent.txt"), "--data-dir", str(tmp_path / "d"),
                       "--stance", "stance.fake", "--summarizer", "summarizer.fake")  # fmt: skip
    assert code == 2
    assert "absent.txt" in err
    assert "Traceback" not in err


@pytest.mark.real_models
def test_analyze_seed_writes_json_with_quotes_and_stance(tmp_path, capsys, seed_text):
    f = tmp_path / "seed.txt"
    f.write_text(seed_text)
    code, out, err = run(
        capsys, "analyze", str(f), "--targets", "Ukraine,Russia", "--data-dir", str(tmp_path / "d")
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    speakers = {row["speaker"] for row in doc["quotes"]["data"]}
    assert speakers == {"Jens Stoltenberg"}
    assert {row["target"] for row in doc["stance"]["data"]} == {"Ukraine", "Russia"}


@pytest.mark.parametrize("command", ["train-stance", "corpus"])
def test_delegated_commands_show_their_own_help(capsys, command):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    out, _ = capsys.readouterr()
    assert exc.value.code == 0
    assert f"statement-lens {command}" in out


def test_models_lists_each_task_and_flags_a_broken_backend(capsys):
    code, out, _ = run(capsys, "models", "--stance", "stance.fake", "--summarizer", "summarizer.nope")
    assert code == 1
    assert "stance.fake" in out
    assert "FAILED" in out
    assert "Valid names" in out


def test_summarize_sentences_option_sets_the_length_and_zero_is_bad_usage(tmp_path, capsys):
    f = tmp_path / "s.txt"
    f.write_text(" ".join(f"The council approved plan {i} for the city centre on Monday." for i in range(40)))
    code, out, _ = run(capsys, "summarize", str(f), "--sentences", "2", "--summarizer", "summarizer.fake")
    assert code == 0
    assert len(out.strip().splitlines()) == 2
    code, _, err = run(capsys, "summarize", str(f), "--sentences", "0", "--summarizer", "summarizer.fake")
    assert code == 2
    assert "--sentences must be at least 1" in err
