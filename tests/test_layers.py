"""db/, services/ and reports/ never import PySide6 (DESIGN §1)."""

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import frontdesk
for package in ("frontdesk.db", "frontdesk.services", "frontdesk.reports"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
importlib.import_module("frontdesk.cli")
loaded = sorted(name for name in sys.modules if name.startswith("PySide6"))
print(loaded)
sys.exit(1 if loaded else 0)
"""


def test_core_layers_import_without_qt():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reports_only_render():
    """Services decide and record; reports/ asks no permission, runs no query and writes no record."""
    import re
    from pathlib import Path

    import frontdesk.reports

    forbidden = re.compile(r"\bauthz\b|from sqlalchemy import|session\.(add|flush|execute|scalars?|delete)\(")
    offenders = [f"{path.name}:{n}: {line.strip()}"
                 for path in Path(frontdesk.reports.__file__).parent.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if forbidden.search(line)]
    assert offenders == []
