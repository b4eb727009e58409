"""First open (issue 17): the prepared seed draws without importing a model library or a file reader.

Run in a fresh interpreter, so that modules other tests imported do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from statement_lens.pipeline.prepare import main
from tests.dashboard_factory import FAKE_ENV, ROOT

HEAVY = (
    "torch",
    "transformers",
    "onnxruntime",
    "spacy",
    "tokenizers",
    "sentence_transformers",
    "pypdf",
    "docx",
)
PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
print(json.dumps({
    "exception": [str(e.value) for e in at.exception],
    "topic_chart": any("Topic" in json.dumps(c["layout"].get("title", "")) for c in charts),
    "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(","))),
}))
"""


def test_the_prepared_seed_draws_without_model_libraries_or_file_readers(monkeypatch, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")} | FAKE_ENV
    env |= {
        "STATEMENT_LENS_DATA_DIR": str(tmp_path / "data"),
        "STATEMENT_LENS_CACHE_DIR": str(tmp_path / "cache"),
        "STATEMENT_LENS_CONFIG": str(tmp_path / "no-config.toml"),
    }
    for k, v in env.items():
        if k.startswith("STATEMENT_LENS_"):
            monkeypatch.setenv(k, v)
    assert main([]) == 0  # the install-time step (fake models here)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "app.py"), ",".join(HEAVY)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["exception"] == [] and result["topic_chart"]
    assert result["heavy"] == []
