#!/usr/bin/env bash
# Install, then open the dashboard; the embedded seed statement is analysed on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec streamlit run app.py "$@"
