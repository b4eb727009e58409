"""The ``statement-lens`` command line: the same functions the dashboard uses.

Exit codes: 0 ok; 2 bad input (a message on stderr says what and how to fix); 1 internal or model error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from statement_lens.errors import ModelError, StatementLensError, StoreError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


def _targets(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    return [t.strip() for t in raw.split(",") if t.strip()]


def _settings(args: argparse.Namespace) -> Any:
    from statement_lens.config import load_settings

    settings = load_settings(getattr(args, "config", None))
    overrides = {k: v for k, v in (("stance", args.stance), ("summarizer", args.summarizer)) if v}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = args.data_dir
    return settings.with_overrides(**overrides) if overrides else settings


def _progress(iterable: Sequence[Any], desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit="file", disable=len(iterable) < 2, file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse files; reuse stored analyses of the same statement and configuration."""
    from statement_lens.corpus.metadata import with_file_name
    from statement_lens.ingest import load_statement
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.services import load_services
    from statement_lens.store.database import Store

    settings = _settings(args)
    if args.format == "csv" and not args.out:
        raise _BadUsage(
            "--format csv writes several tables (quotes, stance, topics, sentences): add --out DIR."
        )
    services = load_services(settings)
    store = Store(settings.data_dir)
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in _progress(args.paths, "analysing"):
        try:
            statement = load_statement(path)
            if "://" not in str(path):  # 2024-Biden-1.txt: dated and attributed like a corpus file
                statement = with_file_name(statement, Path(path).name)
        except StatementLensError as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        sid = store.add_statement(statement)
        analysis = store.get_analysis(sid, settings.config_hash()) if not args.targets else None
        if analysis is None:
            analysis = analyze(statement, _targets(args.targets), services=services)
            if analysis.complete:
                store.save_analysis(sid, analysis)
            else:
                print(f"warning: {path}: incomplete analysis not stored: {analysis.errors}", file=sys.stderr)
        _write_analysis(analysis, Path(path).stem, out_dir, args.format)
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_OK


def _write_analysis(analysis: Any, stem: str, out_dir: Path | None, fmt: str) -> None:
    if fmt == "json":
        payload = analysis.to_json()
        if out_dir is None:
            sys.stdout.write(payload + "\n")
        else:
            (out_dir / f"{stem}.analysis.json").write_text(payload, encoding="utf-8")
        return
    assert out_dir is not None  # checked by the caller (programmer invariant, not input validation)
    for name in ("quotes", "stance", "topics", "sentences"):
        getattr(analysis, name).to_csv(out_dir / f"{stem}.{name}.csv", index=False)


def cmd_quotes(args: argparse.Namespace) -> int:
    """Print the quotations of one file."""
    from dataclasses import asdict

    from statement_lens.ingest import load_statement
    from statement_lens.quotes import extract_quotes

    statement = load_statement(args.path)
    quotes = extract_quotes(statement.text, indirect=args.indirect)
    rows = [asdict(q) for q in quotes]
    if args.format == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        import pandas as pd

        pd.DataFrame(rows).to_csv(sys.stdout, index=False)
    return EXIT_OK


def _read_csv(path: str, required: Sequence[str]) -> Any:
    import pandas as pd

    if not Path(path).is_file():
        raise _BadUsage(f"Input file {path} does not exist.")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise _BadUsage(f"{path} is not a readable UTF-8 CSV file ({exc}).") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise _BadUsage(f"{path} lacks column(s) {missing}; it has {list(df.columns)}. Expected columns: "
                        f"{list(required)}.")  # fmt: skip
    return df


def cmd_stance(args: argparse.Namespace) -> int:
    """Classify (text, target) pairs from a CSV."""
    from statement_lens.stance import classify_stance

    df = _read_csv(args.input, ["text", "target"])
    settings = _settings(args)
    results = classify_stance(list(zip(df["text"], df["target"], strict=True)), settings=settings)
    df["label"] = [r.label for r in results]
    df["score"] = [round(r.confidence, 4) for r in results]
    for lab in ("favor", "against", "none"):
        df[f"p_{lab}"] = [round(getattr(r, f"p_{lab}"), 4) for r in results]
    df["needs_review"] = [r.needs_review for r in results]
    df.to_csv(args.output, index=False)
    print(f"wrote {len(df)} rows to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_summarize(args: argparse.Namespace) -> int:
    """Print a summary of one file, each sentence with its source offsets."""
    from statement_lens.ingest import load_statement
    from statement_lens.summary import summarize

    if args.sentences is not None and args.sentences < 1:
        raise _BadUsage(
            f"--sentences must be at least 1, got {args.sentences}; leave it out for the automatic length."
        )
    settings = _settings(args)
    statement = load_statement(args.path)
    summary = summarize(statement.text, method=args.method, settings=settings, max_sentences=args.sentences)
    if summary.experimental:
        print("note: experimental summariser; check sentences flagged unsupported.", file=sys.stderr)
    for s in summary.sentences:
        where = f"[{s.start}:{s.end}]" if s.start is not None else "[generated]"
        flag = "" if s.supported else f"  (UNSUPPORTED: {', '.join(s.unsupported_tokens)})"
        print(f"{where} {s.text}{flag}")
    return EXIT_OK


def cmd_topics(args: argparse.Namespace) -> int:
    """Assign a topic to each text of a CSV."""
    from statement_lens.topics import assign_topics

    df = _read_csv(args.input, ["text"])
    assigned = assign_topics(list(df["text"]), taxonomy=args.taxonomy)
    df["topic"] = [a.topic for a in assigned]
    df["code"] = [a.code for a in assigned]
    df["score"] = [round(a.score, 4) for a in assigned]
    df.to_csv(args.output, index=False)
    print(f"wrote {len(df)} rows to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    """List the configured models and whether each loads."""
    from statement_lens.models.status import describe_models

    rows = describe_models(_settings(args), try_load=not args.no_load)
    bad = 0
    for r in rows:
        ok = "ok" if r.loaded else ("not loaded" if args.no_load else "FAILED")
        bad += 0 if (r.loaded or args.no_load) else 1
        secs = f"{r.load_seconds:.1f}s" if r.load_seconds is not None else ""
        print(f"{r.task:<11} {r.backend:<26} {ok:<10} {secs:>6}  {r.checkpoint or ''}")
        if r.error:
            print(f"{'':<11} {r.error}")
    return EXIT_INTERNAL if bad else EXIT_OK


def _rest(rest: list[str]) -> list[str]:
    return rest[1:] if rest[:1] == ["--"] else rest


def cmd_train_stance(args: argparse.Namespace) -> int:
    """Train the shipped stance model, ``stance.lens.v2`` (``--v1``: the earlier recipe)."""
    rest = _rest(args.rest)
    if "--v1" in rest:
        from statement_lens.stance.training.train import main as train_main

        return int(train_main([a for a in rest if a != "--v1"]) or 0)
    from statement_lens.stance.training.train_v2 import main as train_v2_main

    return int(train_v2_main(rest) or 0)


def cmd_corpus(args: argparse.Namespace) -> int:
    """Corpus mode (delegates to statement_lens.corpus.cli)."""
    from statement_lens.corpus.cli import main as corpus_main

    return int(corpus_main(_rest(args.rest)) or 0)


_DELEGATED = ("train-stance", "corpus")


class _BadUsage(StatementLensError):
    """A command-line argument or input file is wrong."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    p = argparse.ArgumentParser(prog="statement-lens", description=__doc__.splitlines()[0])
    p.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", help="TOML settings file (default ./statement_lens.toml)")
        sp.add_argument("--stance", help="stance backend name (see `statement-lens models`)")
        sp.add_argument("--summarizer", help="summariser backend name")
        sp.add_argument("--data-dir", help="data directory of the store (default .statement_lens)")

    a = sub.add_parser("analyze", help="analyse statements (files or URLs)")
    a.add_argument("paths", nargs="+")
    a.add_argument("--targets", help='comma-separated stance targets, e.g. "Ukraine,Russia"')
    a.add_argument("--format", choices=["json", "csv"], default="json")
    a.add_argument("--out", help="output folder (default: JSON to stdout)")
    common(a)
    a.set_defaults(func=cmd_analyze)

    q = sub.add_parser("quotes", help="list quotations with speakers")
    q.add_argument("path")
    q.add_argument("--format", choices=["jsonl", "json", "csv"], default="jsonl")
    q.add_argument(
        "--indirect",
        action="store_true",
        help='also list reported speech without quote marks ("X said that ...") as kind "indirect"',
    )
    q.set_defaults(func=cmd_quotes)

    s = sub.add_parser("stance", help="classify stance of text,target pairs in a CSV")
    s.add_argument("--input", required=True)
    s.add_argument("--output", required=True)
    common(s)
    s.set_defaults(func=cmd_stance)

    m = sub.add_parser("summarize", help="summarise a statement")
    m.add_argument("path")
    m.add_argument("--method", help="summariser backend (extractive, seq2seq, causal)")
    m.add_argument(
        "--sentences",
        type=int,
        default=None,
        help="sentences in the summary (default: 3 for a news-length text, more for long ones, at most 10)",
    )
    common(m)
    m.set_defaults(func=cmd_summarize)

    t = sub.add_parser("topics", help="assign topics to texts in a CSV")
    t.add_argument("--input", required=True)
    t.add_argument("--taxonomy", default="cap", help="'cap' or a TOML/YAML taxonomy file")
    t.add_argument("--output", required=True)
    t.set_defaults(func=cmd_topics)

    md = sub.add_parser("models", help="list configured models and whether each loads")
    md.add_argument("--no-load", action="store_true", help="only list, do not load")
    common(md)
    md.set_defaults(func=cmd_models)

    tr = sub.add_parser("train-stance", help="train the stance model (see its --help)", add_help=False)
    tr.add_argument("rest", nargs=argparse.REMAINDER)
    tr.set_defaults(func=cmd_train_stance)

    c = sub.add_parser("corpus", help="corpus mode (see `statement-lens corpus --help`)", add_help=False)
    c.add_argument("rest", nargs=argparse.REMAINDER)
    c.set_defaults(func=cmd_corpus)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in _DELEGATED:  # their own parsers handle everything after the name, --help included
        argv = [argv[0], "--", *argv[1:]]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ModelError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except StatementLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: never a raw traceback unless --debug
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
