#!/usr/bin/env bash
# Build the one-folder program on Linux: dist/frontdesk/ (the `frontdesk` program and _internal/).
# Uses the project's .venv (made by scripts/setup.sh) and brings it to the pinned versions of
# installer/constraints.txt (PyInstaller included), so the same commit builds the same program.
# Usage: installer/build.sh            PYTHON=/path/to/venv/bin/python installer/build.sh uses that one
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-}"
if [ -z "$python" ]; then
  bash scripts/setup.sh
  python=.venv/bin/python
fi
echo "正在按 installer/constraints.txt 安装固定版本（pip install -c installer/constraints.txt -e .[build]）…"
"$python" -m pip install --quiet -c installer/constraints.txt -e ".[build]"

"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/frontdesk.spec
# The Linux launcher and its installer travel with the folder (a copied folder installs itself).
cp installer/frontdesk.desktop installer/install-linux.sh dist/frontdesk/

size_mb=$(du -sm dist/frontdesk | cut -f1)
echo "已生成 dist/frontdesk/：${size_mb} MB（上限 ≤ 120 MB，installer/ci_check.sh 检查）"
