#!/usr/bin/env bash
# One command on a fresh machine: set up, create the database (demo data the first time), start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/frontdesk init
.venv/bin/frontdesk demo --if-empty
exec .venv/bin/frontdesk gui "$@"
