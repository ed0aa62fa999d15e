#!/usr/bin/env bash
# Re-pin the installer's build: make a throw-away virtual environment, install the project with
# its `build` extra (newest allowed versions), and write what got installed to
# installer/constraints.txt. Review the diff, build and test, then commit it.
# Usage: installer/update-constraints.sh        PYTHON=python3.11 installer/update-constraints.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${PYTHON:-python3}"
env_dir="$(mktemp -d)/build-env"
"$python_bin" -m venv "$env_dir"
"$env_dir/bin/python" -m pip install --quiet --upgrade pip
"$env_dir/bin/python" -m pip install --quiet ".[build]"
{
  echo "# The installer builds from exactly these versions (installer/build.sh, installer/build.ps1)."
  echo "# Made by installer/update-constraints.sh with $("$env_dir/bin/python" --version) on $(uname -s); do not edit by hand."
  "$env_dir/bin/python" -m pip freeze --exclude-editable | grep -v '^frontdesk[= @]'
} > installer/constraints.txt
rm -rf "$(dirname "$env_dir")"
echo "已更新 installer/constraints.txt（$(grep -vc '^#' installer/constraints.txt) 个包）"
