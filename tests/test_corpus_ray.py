"""Ray engine on a local 2-CPU cluster: same answers as the local engine and as a direct analysis."""

import pytest

from statement_lens.config import Settings
from statement_lens.corpus import JobSpec, list_items, load_item, read_table, run_job
from statement_lens.pipeline.analysis import analyze
from statement_lens.services import load_services
from statement_lens.store.database import Store
from tests.corpus_fixtures import (
    TARGETS,
    assert_same_analyses,
    comparable,
    fake_settings,
    stored_analyses,
    write_jsonl,
)

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray

FAKES = ("statement_lens.models.fakes",)  # Ray workers import it to register the fake backends
# timings, process ids, and the JSON that holds created_at
VOLATILE = ["seconds", "cpu_seconds", "worker", "analysis_json"]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    yield
    ray.shutdown()


def _tables(job_dir):
    out = {}
    for name in ("statements", "quotes", "stance", "topics", "failures"):
        df = read_table(job_dir, name).drop(columns=VOLATILE, errors="ignore")
        if "targets" in df.columns:
            df["targets"] = df["targets"].map(list)
        df = df.sort_values(list(df.columns[:3])).reset_index(drop=True)
        out[name] = df.astype(object).where(df.notna(), None).to_dict("list")  # NaN != NaN: compare as None
    return out


def test_ray_job_equals_the_local_job_and_resumes_without_duplicates(cluster, tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", 8)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("{corrupt line\n")
    local = run_job(JobSpec(source=str(src), settings=fake_settings(tmp_path / "local"), targets=TARGETS,
                            batch_size=3))  # fmt: skip
    spec = JobSpec(source=str(src), settings=fake_settings(tmp_path / "ray"), targets=TARGETS, engine="ray",
                   workers=2, batch_size=3, plugins=FAKES)  # fmt: skip
    on_ray = run_job(spec)
    assert (on_ray.done, len(on_ray.failed), on_ray.finished) == (8, 1, True)
    assert on_ray.failed[0]["key"].endswith("#9") and "not valid JSON" in on_ray.failed[0]["reason"]
    ch = fake_settings(tmp_path).config_hash()
    assert stored_analyses(Store(tmp_path / "ray"), ch) == stored_analyses(Store(tmp_path / "local"), ch)
    assert _tables(on_ray.job_dir) == _tables(local.job_dir)
    workers = set(read_table(on_ray.job_dir, "statements")["worker"])
    assert 1 <= len(workers) <= 2

    again = run_job(spec)
    assert (again.done, again.skipped, len(again.failed)) == (0, 8, 1)
    assert read_table(again.job_dir, "statements")["statement_id"].is_unique


@pytest.mark.slow
def test_killed_ray_worker_is_restarted_and_the_job_completes(cluster, tmp_path):
    import psutil

    src = write_jsonl(tmp_path / "news.jsonl", 8)
    spec = JobSpec(source=str(src), settings=fake_settings(tmp_path / "ray", stance="stance.slow_fake"),
                   targets=("Ukraine",), engine="ray", workers=2, batch_size=1,
                   plugins=("tests.corpus_fixtures",))  # fmt: skip
    killed: list[int] = []

    def kill_one_worker(summary):
        if killed:
            return
        for p in psutil.process_iter(["pid", "cmdline"]):
            if "RayAnalyzer" in " ".join(p.info["cmdline"] or []):
                p.kill()
                killed.append(p.info["pid"])
                return

    summary = run_job(spec, on_batch=kill_one_worker)
    assert killed, "no Ray worker process was found to kill"
    assert (summary.done, summary.failed, summary.finished) == (8, [], True)
    statements = read_table(summary.job_dir, "statements")
    assert len(statements) == 8 and statements["statement_id"].is_unique


@pytest.mark.slow
@pytest.mark.real_models
def test_real_pipeline_on_ray_gives_the_same_analyses_as_a_direct_analysis(cluster, tmp_path):
    """With the embedded models: Ray actors vs ``analyze`` in this process (what the dashboard and CLI call).

    The local engine runs that same ``analyze`` call in-process (proved equal with fakes in test_corpus_job).
    """
    src = write_jsonl(tmp_path / "news.jsonl", 2)
    settings = Settings(data_dir=str(tmp_path / "ray"))
    on_ray = run_job(JobSpec(source=str(src), settings=settings, targets=TARGETS, engine="ray", workers=1))
    assert on_ray.done == 2
    ray_results = stored_analyses(Store(tmp_path / "ray"), settings.config_hash())
    services = load_services(settings)
    direct = [comparable(analyze(load_item(it), list(TARGETS), services=services)) for it in list_items(src)]
    key = lambda d: d["statement_text"]  # noqa: E731
    # Ray actors run torch with one thread per CPU they hold: similarity scores may differ in the 7th decimal
    assert_same_analyses(sorted(ray_results.values(), key=key), sorted(direct, key=key))
