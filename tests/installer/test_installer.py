"""The pieces of installer/ that run without building: the output checker CI trusts, the smoke
report of Qt's Chinese translations, the NSIS script's version and the Linux launcher."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk import __version__
from frontdesk.app import SMOKE_QT_CHINESE

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def _check_output():
    spec = importlib.util.spec_from_file_location("check_output", INSTALLER / "check_output.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf(path: Path, text: str, font: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font, 14)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return path


def test_a_pdf_with_the_bundled_font_embedded_and_chinese_text_passes(tmp_path):
    from frontdesk.reports.fonts import register_pdf_font

    path = _pdf(tmp_path / "good.pdf", "物业服务月度报表 2026-01", register_pdf_font())
    assert _check_output().main(["pdf", str(path)]) == 0


def test_a_pdf_without_chinese_or_an_embedded_font_fails(tmp_path, capsys):
    path = _pdf(tmp_path / "bad.pdf", "Monthly report", "Helvetica")
    assert _check_output().main(["pdf", str(path)]) == 1
    err = capsys.readouterr().err
    assert "提取不到中文" in err and "没有嵌入任何字体" in err


def test_a_missing_document_fails(tmp_path):
    assert _check_output().main(["xlsx", str(tmp_path / "absent.xlsx")]) == 1


def test_a_workbook_header_must_be_chinese(tmp_path):
    from openpyxl import Workbook

    for name, header, expected in (("good.xlsx", ["房号", "业主"], 0), ("bad.xlsx", ["unit", "owner"], 1)):
        book = Workbook()
        book.active.append(header)
        book.save(tmp_path / name)
        assert _check_output().main(["xlsx", str(tmp_path / name)]) == expected


def test_smoke_reports_that_qt_chinese_translations_were_found(data_home):
    result = subprocess.run([sys.executable, "-m", "frontdesk", "gui", "--smoke"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert SMOKE_QT_CHINESE in result.stdout


def test_nsis_script_is_unicode_and_reads_the_package_version():
    raw = (INSTALLER / "frontdesk.nsi").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "makensis reads Chinese text correctly only from UTF-8 with BOM"
    script = raw.decode("utf-8-sig")
    assert re.search(r"^Unicode true$", script, re.MULTILINE)
    init = (INSTALLER.parent / "src" / "frontdesk" / "__init__.py").read_text(encoding="utf-8")
    # The installer's !searchparse pattern must match the line that holds the version.
    assert f'__version__ = "{__version__}"' in init
    assert '`__version__ = "` VERSION `"`' in script
    assert 'CreateShortCut "$DESKTOP\\${APP_NAME}.lnk"' in script and '!define APP_NAME "物业客服前台"' in script


@pytest.mark.skipif(subprocess.run(["which", "makensis"], capture_output=True).returncode != 0,
                    reason="makensis (Debian package nsis) is not installed")
def test_nsis_script_compiles_with_the_version_in_add_remove_programs(tmp_path):
    dist = tmp_path / "frontdesk"
    (dist / "_internal" / "resources" / "icons").mkdir(parents=True)
    (dist / "frontdesk").write_text("program", encoding="utf-8")
    from PIL import Image

    Image.open(INSTALLER.parent / "resources" / "icons" / "frontdesk.png").save(
        dist / "_internal" / "resources" / "icons" / "frontdesk.ico", sizes=[(32, 32)])
    out = tmp_path / f"frontdesk-setup-{__version__}.exe"
    result = subprocess.run(["makensis", "-V4", "-WX", "-DNO_COMPRESSION", f"-DDIST_DIR={dist}",
                             f"-DOUT_FILE={out}", str(INSTALLER / "frontdesk.nsi")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert out.stat().st_size > 0
    assert f'Name: "物业客服前台 {__version__}"' in result.stdout
    assert re.search(rf"WriteRegStr: HKLM\\.*Uninstall\\frontdesk\\DisplayVersion={re.escape(__version__)}",
                     result.stdout), "the version must show in Add/Remove Programs"


def test_linux_launcher_starts_the_program_with_the_icon():
    entry = dict(line.split("=", 1) for line in (INSTALLER / "frontdesk.desktop").read_text(encoding="utf-8")
                 .splitlines() if "=" in line)
    assert entry["Name"] == "物业客服前台" and entry["Exec"] == "frontdesk" and entry["Icon"] == "frontdesk"
    assert entry["Terminal"] == "false"


def test_the_build_leaves_out_nothing_the_code_imports():
    spec = (INSTALLER / "frontdesk.spec").read_text(encoding="utf-8")
    block = spec[spec.index("EXCLUDES = ["):spec.index("]", spec.index("EXCLUDES = ["))]
    excluded = set(re.findall(r'"([\w.]+)"', block))
    source = INSTALLER.parent / "src" / "frontdesk"
    imported = set()
    for path in source.rglob("*.py"):
        for match in re.finditer(r"^\s*(?:from|import)\s+([\w.]+)", path.read_text(encoding="utf-8"), re.MULTILINE):
            name = match.group(1)
            imported.update(".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 2))
    assert "PySide6.QtWidgets" in imported and "PySide6.QtQml" in excluded  # the check sees both sides
    assert not excluded & imported, f"installer/frontdesk.spec excludes modules the code imports: {excluded & imported}"


def test_the_build_is_pinned_to_the_checked_in_constraints():
    """Every library the program and its build need has one exact version, and both build scripts use it."""
    import tomllib

    pins = {}
    for line in (INSTALLER / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    project = tomllib.loads((INSTALLER.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = project["dependencies"] + project["optional-dependencies"]["build"]
    for requirement in needed:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group()).lower()
        assert name in pins, f"{name} is not pinned in installer/constraints.txt"
    assert "-c installer/constraints.txt" in (INSTALLER / "build.sh").read_text(encoding="utf-8")
    assert "-c installer\\constraints.txt" in (INSTALLER / "build.ps1").read_text(encoding="utf-8")
