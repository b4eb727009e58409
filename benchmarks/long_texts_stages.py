"""Where a long transcript's memory goes: resident memory at each stage of one in-process analysis.

Usage:  python benchmarks/long_texts_stages.py SIZE     (e.g. 1000000 or 5000000 characters)

Builds the transcript of ``long_texts.py`` (State of the Union addresses joined and cut to SIZE
characters), loads the default models, analyses it with a progress callback and prints, at every stage
event, the seconds since start, the resident memory (``VmRSS``) and its high-water mark (``VmHWM``); a
thread samples ``VmRSS`` every 0.2 s and the peak per stage is printed at the end, with the memory of the
result's tables, then ``to_json`` and storing it. Prints only (the numbers are quoted in
``reports/long_texts.md``); a fresh temporary data directory each run.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from long_texts import SPEECHES, transcript


def _status_mib() -> dict[str, int]:
    out: dict[str, int] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS", "VmHWM")):
                out[line.split(":")[0]] = int(line.split()[1]) // 1024
    return out


def main() -> int:
    if not SPEECHES.is_dir():
        print(f"Shared data not found under {SPEECHES}; nothing to measure.")
        return 0
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t0 = time.perf_counter()

    def log(what: str) -> None:
        mem = _status_mib()
        print(f"{time.perf_counter() - t0:7.1f}s rss {mem['VmRSS']} hwm {mem['VmHWM']} {what}", flush=True)

    from statement_lens.config import load_settings
    from statement_lens.ingest import statement_from_text
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.services import load_services
    from statement_lens.store.database import Store

    settings = load_settings(None).with_overrides(data_dir=tempfile.mkdtemp())
    services = load_services(settings)
    log("services")
    statement = statement_from_text(transcript(size), None)
    log("statement")
    current = ["start"]
    peaks: dict[str, int] = {}

    def sample() -> None:
        while True:
            peaks[current[0]] = max(peaks.get(current[0], 0), _status_mib()["VmRSS"])
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()

    def progress(stage: str, _fraction: float, message: str) -> None:
        current[0] = f"{stage}: {message}"
        log(current[0])

    analysis = analyze(statement, None, services=services, progress=progress)
    current[0] = "after"
    log("analysed")
    for stage, peak in peaks.items():
        print(f"  peak {peak} MiB during {stage}")
    for name in ("quotes", "sentences", "units", "stance", "topics"):
        df = getattr(analysis, name)
        print(name, len(df), f"{df.memory_usage(deep=True).sum() / 2**20:.0f} MiB")
    payload = analysis.to_json()
    log(f"to_json {len(payload) / 2**20:.0f} MiB")
    del payload
    store = Store(settings.data_dir)
    store.save_analysis(store.add_statement(statement), analysis)
    log("saved")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
