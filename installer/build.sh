#!/usr/bin/env bash
# Build the one-folder program on Linux: dist/frontdesk/ (the `frontdesk` program and _internal/).
# Uses the project's .venv (made by scripts/setup.sh) and installs PyInstaller into it when missing.
# Usage: installer/build.sh            PYTHON=/path/to/venv/bin/python installer/build.sh uses that one
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-}"
if [ -z "$python" ]; then
  bash scripts/setup.sh
  python=.venv/bin/python
fi
if ! "$python" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "正在安装 PyInstaller（pip install -e .[build]）…"
  "$python" -m pip install --quiet -e ".[build]"
fi

"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/frontdesk.spec
# The Linux launcher and its installer travel with the folder (a copied folder installs itself).
cp installer/frontdesk.desktop installer/install-linux.sh dist/frontdesk/

size_mb=$(du -sm dist/frontdesk | cut -f1)
echo "已生成 dist/frontdesk/：${size_mb} MB（目标 ≤ 150 MB）"
