"""db/, services/ and reports/ never import PySide6 (DESIGN §1)."""

import os
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


def test_the_window_opens_sessions_only_through_the_app_context():
    """Every session of a signed-in person carries their name and role: ui/ never calls `db.session(`;
    the app context (ui/context.py) is the one place that opens them."""
    import ast
    from pathlib import Path

    import frontdesk.ui

    root = Path(frontdesk.ui.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "context.py" and path.parent == root:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("session", "read_session", "opener", "sessionmaker"):
                owner = ast.unparse(node.func.value)
                if owner.split(".")[-1] != "ctx":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} {owner}.{node.func.attr}(")
        if "Session(" in path.read_text(encoding="utf-8"):
            offenders.append(f"{path.relative_to(root)}: Session(")
    assert offenders == []


def test_a_desk_on_sqlite_never_loads_the_postgresql_dialect(tmp_path):
    """The models' partial indexes name PostgreSQL only once a PostgreSQL database is opened (db/base.py):
    a desk opening its SQLite database (made before, at the current version) does not load it."""
    script = f"""
import sys
from frontdesk.app import open_database
db = open_database("sqlite:///{(tmp_path / 'desk.db').as_posix()}")
db.dispose()
print(sorted(name for name in sys.modules if "postgresql" in name))
"""
    env = {**os.environ, "FRONTDESK_HOME": str(tmp_path)}
    made = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert made.returncode == 0, made.stderr
    opened = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == "[]"


def test_the_partial_indexes_keep_their_condition_on_postgresql():
    from sqlalchemy.schema import CreateIndex

    from frontdesk.db.engine import make_engine
    from frontdesk.db.models import Allocation, Charge

    engine = make_engine("postgresql+psycopg://desk:pw@127.0.0.1:1/frontdesk")  # no connection is made
    made = {index.name: str(CreateIndex(index).compile(dialect=engine.dialect))
            for table in (Charge.__table__, Allocation.__table__) for index in table.indexes}
    assert made["ix_charges_open"].endswith("WHERE paid < amount")
    assert made["ix_allocations_reversed"].endswith("WHERE amount < 0")
    assert "WHERE" not in made["ix_charges_period"]
