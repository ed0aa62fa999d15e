"""Excel templates, imports (validate everything, apply all or nothing) and exports per KIND.

Each entry point takes `open_session`, a callable opening a session for whoever asked (the app
context's `session_opener()` in the window, `Database.opener(..., system=True)` on the command
line; `open_session(read_only=True)` for a snapshot read), and checks the permission before
reading the file or a row.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdesk.errors import DomainError
from frontdesk.services import authz
from frontdesk.services.imports.call_kinds import CallsKind
from frontdesk.services.imports.collection_kinds import ChargesKind, PaymentsKind
from frontdesk.services.imports.framework import (
    ImportCancelled,
    ImportKind,
    ImportResult,
    Problem,
    Progress,
    validate_rows,
)
from frontdesk.services.imports.reading import MissingColumns, Sheet, read_sheet
from frontdesk.services.imports.repair_kinds import RepairsKind
from frontdesk.services.imports.ring_kinds import RingsExport
from frontdesk.services.imports.roster_kinds import StaffKind, UnitsKind
from frontdesk.services.imports.survey_kind import SurveyKind
from frontdesk.services.imports.training_kinds import TrainingKind
from frontdesk.services.imports.vendor_kinds import AnnouncementsKind, VendorIssuesKind, VendorsKind
from frontdesk.services.imports.violation_kinds import ViolationsKind

# In the order of DESIGN §5; import them in the order units, staff, then the rest (charges before payments).
SessionOpener = Callable[..., AbstractContextManager[Session]]

KINDS: dict[str, type[ImportKind]] = {kind.name: kind for kind in (
    UnitsKind, CallsKind, RepairsKind, ChargesKind, PaymentsKind, ViolationsKind, StaffKind, TrainingKind)}
KINDS[SurveyKind.name] = SurveyKind
KINDS.update({kind.name: kind for kind in (VendorsKind, VendorIssuesKind, AnnouncementsKind)})

# Kinds that are only ever exported: what a device recorded, not something a desk keeps by hand.
EXPORT_ONLY = {RingsExport.name: RingsExport}

__all__ = ["EXPORT_ONLY", "KINDS", "ImportCancelled", "ImportResult", "MissingColumns", "Problem", "Sheet", "export",
           "kind_for", "preview", "run_import", "template"]


def kind_for(name: str) -> ImportKind:
    if name in EXPORT_ONLY:
        raise DomainError(f"“{name}”（{EXPORT_ONLY[name].title}）只能导出，不能导入或生成模板")
    if name not in KINDS:
        raise DomainError(f"不认识的类型“{name}”，可选：{'、'.join(KINDS)}")
    return KINDS[name]()


def run_import(open_session: SessionOpener, kind_name: str, path: Path, dry_run: bool = False,
               progress: Progress | None = None, mapping: dict[str, str] | None = None) -> ImportResult:
    """Validate every row; write nothing if any row is bad (or on dry run); else add all in one transaction.
    `mapping` (template header -> the file's header) is the user's choice from the column-mapping step.

    Validation reads a snapshot without holding SQLite's write lock, so the desks go on saving while
    a large file is checked; only the writing is one short transaction. Anything another desk wrote
    in between that the rows now clash with rolls the whole import back with a message."""
    kind = kind_for(kind_name)
    with open_session() as session:
        authz.require(session, "imports")
    sheet, headers = _read(kind, Path(path), mapping)
    result = ImportResult(kind=kind_name, rows=len(sheet.rows), ignored=sheet.ignored, header_row=sheet.header_row)
    with open_session(read_only=True) as session:
        new_rows, problems, skipped = validate_rows(
            session, kind, sheet.records(headers), len(sheet.rows), progress)
        if not problems:
            result.notices = kind.notices(session, new_rows)
    result.problems, result.skipped = problems, skipped
    if problems or dry_run or not new_rows:
        return result
    try:
        with open_session() as session:
            authz.require(session, "imports")
            result.added = kind.apply(session, new_rows, progress)
            if progress is not None and progress(len(sheet.rows), len(sheet.rows)) is False:
                raise ImportCancelled()  # the session rolls back: nothing is written
    except IntegrityError as exc:
        raise DomainError(f"导入期间，别的电脑保存了与文件中相同的{kind.title}（{kind.natural_key}相同）。"
                          "本次没有导入任何数据；请重新导入，已有的行会自动跳过。") from exc
    result.applied = True
    return result


def read_rows_for_report(kind_name: str, path: Path, mapping: dict[str, str] | None = None):
    kind = kind_for(kind_name)
    sheet, headers = _read(kind, Path(path), mapping)
    return headers, sheet


def _read(kind: ImportKind, path: Path, mapping: dict[str, str] | None) -> tuple[Sheet, list[str]]:
    """The sheet, and the columns to read from it: the kind's own, and for a kind whose columns vary
    per file (a survey's service areas) the ones it finds in this file's header row."""
    sheet = read_sheet(path, kind.required_headers(), mapping, kind.optional_headers())
    found = {**{name: index for index, name in enumerate(sheet.file_headers) if name}, **sheet.headers}
    headers = kind.file_headers(found)
    for header in headers:
        if header not in sheet.headers and header in found:
            sheet.headers[header] = found[header]
    sheet.ignored = [name for name in sheet.ignored if name not in headers]
    return sheet, headers


def preview(kind_name: str, path: Path) -> Sheet:
    """The file's header row, its headers and first rows, for the column-mapping step (no matching
    required: the headers found so far are in `headers`)."""
    try:
        kind = kind_for(kind_name)
        return read_sheet(Path(path), kind.required_headers(), optional=kind.optional_headers())
    except MissingColumns as exc:
        return exc.sheet


def export(open_session: SessionOpener, kind_name: str, out: Path, date_from: date | None = None,
           date_to: date | None = None, progress: Progress | None = None) -> int:
    from frontdesk.reports import import_files

    kind = EXPORT_ONLY[kind_name]() if kind_name in EXPORT_ONLY else kind_for(kind_name)
    with open_session(read_only=True) as session:
        authz.require(session, "exports")
        return import_files.write_export(kind, kind.export_rows(session, date_from, date_to), Path(out), progress)


def template(open_session: SessionOpener, kind_name: str, out: Path) -> Path:
    from frontdesk.reports import import_files

    with open_session() as session:
        authz.require(session, "imports")
    return import_files.write_template(kind_for(kind_name), Path(out))
