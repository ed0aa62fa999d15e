#!/usr/bin/env bash
# One command on a fresh machine: set up with the test tools, lint, and run every test headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
