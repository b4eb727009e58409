"""Names vulture cannot see used: framework hooks and attributes read by libraries. Each says why.

Read by tests/test_architecture.py, which scans src/, the app, scripts/, benchmarks/ and tests/ with vulture.
"""

# ruff: noqa: B018, F821
# mypy: ignore-errors

# statement_lens/__init__.py: module __getattr__ (PEP 562) serves the lazily imported public API
__getattr__

# backends registered with @register(...): the registry calls them by name
_make_minilm
_fake_embedder
_fake_stance
_fake_summarizer
_make_heuristic
_make_lens
_make_lens_v2
_make_nli
_make_causal
_make_seq2seq
make_extractive

# torch.nn.Module.forward: called by Module.__call__
forward

# attributes set on library objects, read by the library
_.enable_progress_bars  # ray.data.DataContext
_.inter_op_num_threads  # onnxruntime.SessionOptions
_.intra_op_num_threads  # onnxruntime.SessionOptions
_.allow_tf32  # torch.backends.cuda.matmul (training on a GPU)

# ingest/url.py: the urllib3-like response protocol (read(amt)) that fetch() is written against
amt

# corpus/job.py: JobStats fields written by the workers and reported in the job's JSON summary
analysis_seconds
analysis_cpu_seconds
commit_seconds
started_at

# signal handler signature (signum, frame): required by signal.signal
signum
