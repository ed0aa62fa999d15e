"""Guarded entry points of every export and printed report the screens offer.

The documents themselves are rendered in reports/; who may write them is decided here, once,
before a row is read: whoever works an area may export its ledger (来电来访 → contacts,
报修单 → repairs, …); the statistics report and the arrears list need their own permissions.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.services import authz


def contacts_ledger(session: Session, filt, out: Path, progress=None) -> int:
    authz.require(session, "contacts")
    from frontdesk.reports import excel

    return excel.export_contacts(session, filt, Path(out), progress=progress)


def repairs_ledger(session: Session, filt, out: Path, progress=None) -> int:
    authz.require(session, "repairs")
    from frontdesk.reports.repair_export import export_repairs

    return export_repairs(session, filt, Path(out), progress=progress)


def violations_ledger(session: Session, filt, out: Path, progress=None) -> int:
    authz.require(session, "violations")
    from frontdesk.reports.violations_excel import export_violations

    return export_violations(session, filt, Path(out), progress=progress)


def arrears_list(session: Session, filt, out: Path, public: bool = False) -> int:
    authz.require(session, "collection_actions")
    from frontdesk.reports import collections_excel

    return collections_excel.export_arrears(session, filt, Path(out), public=public)


def arrears_reasons(session: Session, date_from, date_to, out: Path) -> int:
    authz.require(session, "collection_actions")
    from frontdesk.reports import collections_excel

    return collections_excel.export_reasons(session, date_from, date_to, Path(out))


def training_year(session: Session, year: int, out: Path | str) -> int:
    authz.require(session, "training")
    from frontdesk.reports.training_excel import export_training_year

    return export_training_year(session, year, out)


def training_file(session: Session, staff_id: int, out: Path | str) -> Path:
    authz.require(session, "training")
    from frontdesk.reports.pdf.training_file import write_training_file

    return write_training_file(session, staff_id, out)


def assessment_sheet(session: Session, month: str, out: Path | str):
    """The month's assessment as PDF or Excel, by the file's suffix."""
    authz.require(session, "assessments")
    if str(out).lower().endswith(".pdf"):
        from frontdesk.reports.pdf.assessment_sheet import write_assessment_sheet

        return write_assessment_sheet(session, month, out)
    from frontdesk.reports.training_excel import export_assessment

    return export_assessment(session, month, out)


def stats_report(session: Session, rep, pdf: Path | str | None = None, xlsx: Path | str | None = None) -> list[Path]:
    """The statistics report already computed on screen (or by the command line), as PDF and/or Excel;
    what the screen left out (figures without a card, the period a year ago) is computed here."""
    authz.require(session, "reports")
    from frontdesk.services.stats.report import complete_report

    rep = complete_report(session, rep)
    written = []
    if pdf:
        from frontdesk.reports.pdf.monthly_report import write_report_pdf

        written.append(Path(write_report_pdf(rep, Path(pdf))))
    if xlsx:
        from frontdesk.reports.stats_excel import write_stats_workbook

        written.append(Path(write_stats_workbook(rep, Path(xlsx))))
    return written
