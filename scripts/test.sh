#!/usr/bin/env bash
# One command on a fresh machine: set up with the test tools, lint, and run every test headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# The PostgreSQL tests start a throw-away server from Debian's binaries: install them when missing.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "正在安装 PostgreSQL（测试用的临时数据库服务器）…"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi
# The document tests read PDFs back with poppler's tools (pdffonts, pdftotext).
if ! command -v pdffonts >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "正在安装 poppler-utils（测试读取 PDF 用）…"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils >/dev/null
fi
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check src tests benchmarks scripts installer
.venv/bin/mypy  # db/, services/ and reports/ (configured in pyproject.toml)
# One worker per core (at most four): each has its own temporary data, PostgreSQL server and templates.
.venv/bin/python -m pytest -n auto --maxprocesses 4 "$@"
