"""``statement-lens corpus``: analyse a whole corpus locally or on Ray, resumably.

Exit codes: 0 every item done or skipped; 2 bad input or some items failed (each listed with its reason);
1 a model or the store failed; 130 interrupted (committed batches are kept: rerun to finish). The first
Ctrl-C lets the batch in hand finish and be committed; a second one stops at once.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from statement_lens.errors import ModelError, StatementLensError, StoreError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    """The ``corpus`` argument parser."""
    p = argparse.ArgumentParser(prog="statement-lens corpus", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="analyse every statement of a folder, glob, CSV or JSONL")
    a.add_argument(
        "source", help="folder, quoted glob ('speeches/*/*.txt'), or .csv/.tsv/.jsonl with a text column"
    )
    a.add_argument("--engine", choices=["local", "ray"], default="local")
    a.add_argument("--address", help="Ray cluster address (default: start a local Ray instance)")
    a.add_argument(
        "--workers", type=int, default=None, help="Ray actors, each loads the models once (default 2)"
    )
    a.add_argument("--targets", nargs="+", help='stance targets, e.g. --targets Ukraine "Climate change"')
    a.add_argument("--name", help="corpus name in the dashboard (default: the source's name)")
    a.add_argument("--batch-size", type=int, default=8, help="statements per committed batch (default 8)")
    a.add_argument("--path-meta", help="regex with named groups date/speaker/source matched on file paths")
    a.add_argument(
        "--plugin", action="append", default=[], help="module to import first (registers backends)"
    )
    a.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    a.add_argument("--no-progress", action="store_true", help="no progress bar")
    a.add_argument("--config", help="TOML settings file (default ./statement_lens.toml)")
    a.add_argument("--stance", help="stance backend name")
    a.add_argument("--summarizer", help="summariser backend name")
    a.add_argument("--embedder", help="embedder backend name")
    a.add_argument("--data-dir", help="data directory of the store (default .statement_lens)")
    return p


def _targets(raw: Sequence[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for chunk in raw or ():
        out.extend(t.strip() for t in chunk.split(",") if t.strip())
    return tuple(dict.fromkeys(out))


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run or resume one corpus job and print its summary."""
    from statement_lens.config import load_settings
    from statement_lens.corpus.job import JobSpec, run_job
    from statement_lens.corpus.lock import FINISHED, STOPPED, holding
    from statement_lens.corpus.worker import import_plugins

    plugins = tuple(args.plugin)
    import_plugins(plugins)  # the driver checks the backend names too
    settings = load_settings(args.config)
    overrides = {
        k: getattr(args, k) for k in ("stance", "summarizer", "embedder", "data_dir") if getattr(args, k)
    }
    settings = settings.with_overrides(**overrides) if overrides else settings
    workers = args.workers if args.workers is not None else (2 if args.engine == "ray" else 1)
    spec = JobSpec(
        source=args.source, settings=settings, corpus=args.name, targets=_targets(args.targets),
        engine=args.engine,
        workers=workers, address=args.address, batch_size=args.batch_size, plugins=plugins,
        path_meta=args.path_meta,
    )  # fmt: skip
    with _graceful_interrupt() as stop, holding(settings.data_dir, spec.corpus_name) as held:
        summary = run_job(
            spec,
            progress=None if args.no_progress else sys.stderr,
            should_stop=stop.is_set,
            on_batch=lambda s: held.update(
                items=s.items, done=s.done, skipped=s.skipped, failed=len(s.failed)
            ),
        )
        held.update(state=FINISHED if summary.finished else STOPPED)
    if args.json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
    else:
        print(summary.format())
    if not summary.finished:
        print("interrupted: committed batches are kept; rerun the same command to finish.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_BAD_INPUT if summary.failed else EXIT_OK


@contextmanager
def _graceful_interrupt() -> Iterator[threading.Event]:
    """First Ctrl-C: finish and commit the batch in hand, then stop. Second Ctrl-C: stop at once."""
    stop = threading.Event()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nstopping after the current batch (Ctrl-C again to stop now)", file=sys.stderr)

    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``statement-lens corpus``; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    try:
        return cmd_analyze(args)
    except (ModelError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except StatementLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted: committed batches are kept; rerun the same command to finish.", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
