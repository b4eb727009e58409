import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

from statement_lens.errors import StoreError
from statement_lens.pipeline.analysis import Analysis
from statement_lens.store.database import Store, statement_id
from tests.analysis_factory import make_analysis


def test_analysis_json_round_trip_keeps_frames_and_summary():
    a = make_analysis()
    b = Analysis.from_json(a.to_json())
    for name in ("sentences", "quotes", "units", "stance", "topics", "topic_units"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False)
    assert b.summary == a.summary
    assert b.statement == a.statement
    assert b.targets == a.targets


def test_unknown_schema_version_is_refused_with_a_fix():
    doc = make_analysis().to_json().replace('"schema_version": 1', '"schema_version": 99', 1)
    with pytest.raises(Exception, match="Re-analyse"):
        Analysis.from_json(doc)


def test_same_statement_is_stored_once_and_survives_reopen(tmp_path):
    a = make_analysis()
    store = Store(tmp_path)
    sid = store.add_statement(a.statement)
    assert store.add_statement(a.statement) == sid == statement_id(a.statement)
    store.save_analysis(sid, a)
    store.close()
    reopened = Store(tmp_path)
    assert len(reopened.list_statements()) == 1
    assert reopened.has_analysis(sid, a.config_hash)
    got = reopened.get_analysis(sid, a.config_hash)
    assert got is not None and got.stance["label"].tolist() == ["favor"]
    assert reopened.schema_version == 1


def test_incomplete_analysis_is_not_stored(tmp_path):
    a = make_analysis(errors=["stance (x): RuntimeError: boom"])
    store = Store(tmp_path)
    sid = store.add_statement(a.statement)
    with pytest.raises(StoreError, match="incomplete"):
        store.save_analysis(sid, a)
    assert not store.has_analysis(sid, a.config_hash)


def test_delete_removes_statement_analyses_and_tidy_rows(tmp_path):
    a = make_analysis()
    store = Store(tmp_path)
    sid = store.add_statement(a.statement)
    store.save_analysis(sid, a)
    store.delete_statement(sid)
    assert store.list_statements().empty
    for table in ("analyses", "units", "stance", "topics"):
        assert store.query(f"SELECT COUNT(*) AS n FROM {table}")["n"].iloc[0] == 0


def test_tidy_tables_support_sql_aggregation(tmp_path):
    store = Store(tmp_path)
    for text in ('A said "we support Ukraine" today.', 'B said "we support Ukraine" again.'):
        a = make_analysis(text)
        store.save_analysis(store.add_statement(a.statement), a)
    agg = store.query("SELECT target, label, COUNT(*) AS n FROM stance GROUP BY target, label")
    assert agg.to_dict("records") == [{"target": "Ukraine", "label": "favor", "n": 2}]


def test_unknown_statement_id_error_says_how_to_list(tmp_path):
    with pytest.raises(StoreError, match="statement-lens"):
        Store(tmp_path).get_statement("nope")


def test_sigkill_during_writes_leaves_earlier_analyses_intact_and_no_half_rows(tmp_path):
    writer = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {os.getcwd()!r})
        from statement_lens.store.database import Store
        from tests.analysis_factory import make_analysis
        store = Store({str(tmp_path)!r})
        i = 0
        while True:
            a = make_analysis('Speaker %d said "we support Ukraine %d" today.' % (i, i))
            store.save_analysis(store.add_statement(a.statement), a)
            print(i, flush=True)
            i += 1
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    committed = -1
    deadline = time.time() + 60
    while committed < 15 and time.time() < deadline:
        committed = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    store = Store(tmp_path)
    stmts = store.list_statements()
    assert len(stmts) >= committed + 1
    n_analyses = store.query("SELECT COUNT(*) AS n FROM analyses")["n"].iloc[0]
    assert n_analyses >= committed + 1
    for table in ("units", "stance", "topics"):
        n = store.query(f"SELECT COUNT(*) AS n FROM {table}")["n"].iloc[0]
        assert n == n_analyses, f"{table} has rows of a half-written analysis"
    for sid, ch in store.query("SELECT statement_id, config_hash FROM analyses").itertuples(index=False):
        assert store.get_analysis(sid, ch) is not None


def test_statement_targets_are_the_analysts_then_the_last_analysis_and_go_with_the_statement(tmp_path):
    a = make_analysis()
    store = Store(tmp_path)
    sid = store.add_statement(a.statement)
    assert store.statement_targets(sid) is None  # never analysed: default targets apply
    store.save_analysis(sid, a)
    assert store.statement_targets(sid) == list(a.targets)
    store.set_targets(sid, ["Ukraine", "défense industry"])
    assert Store(tmp_path).statement_targets(sid) == ["Ukraine", "défense industry"]
    assert store.count_needing_analysis("another-hash") == 1
    assert store.count_needing_analysis(a.config_hash) == 0
    store.delete_statement(sid)
    assert store.statement_targets(sid) is None
