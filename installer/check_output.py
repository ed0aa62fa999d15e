"""Check a document the frozen program wrote, as a user opening it would.

Usage: python installer/check_output.py pdf FILE    Chinese text, every font but the 14 standard ones embedded
       python installer/check_output.py xlsx FILE   opens, and its header row is in Chinese
Exit 0 when good; otherwise a Chinese message on stderr and exit 1. Used by installer/ci_check.sh.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")
STANDARD_FONTS = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}


def _fonts(reader) -> dict[str, bool]:
    """Font name -> embedded, over every page."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get_object().get("/Font") or {}
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def check_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    problems = []
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if not CJK.search(text):
        problems.append(f"{path.name}：PDF 中提取不到中文文字")
    fonts = _fonts(reader)
    if not any(fonts.values()):
        problems.append(f"{path.name}：没有嵌入任何字体（字体：{', '.join(fonts) or '无'}）")
    for name, embedded in fonts.items():
        base = name.split("+")[-1].split("-")[0]
        if not embedded and base not in STANDARD_FONTS:
            problems.append(f"{path.name}：字体 {name} 没有嵌入")
    return problems


def check_xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    if not any(isinstance(value, str) and CJK.search(value) for value in header):
        return [f"{path.name}：第一行没有中文表头（{header}）"]
    return []


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("pdf", "xlsx"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, path = argv[0], Path(argv[1])
    if not path.is_file() or path.stat().st_size == 0:
        print(f"没有生成文件 {path}", file=sys.stderr)
        return 1
    problems = check_pdf(path) if kind == "pdf" else check_xlsx(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{path.name}：检查通过")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
