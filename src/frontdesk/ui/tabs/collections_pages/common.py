"""Small pieces the collection pages share: tables, staff pickers, opening a written PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from frontdesk import config
from frontdesk.services import authz, staff
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.open_file import open_file

COLLECTOR_ROLES = ("收费员", "客服主管", "前台客服", "管理员")


def person_on_record(ctx: AppContext, combo: QComboBox) -> None:
    """收款人 / 经办人: the signed-in person, fixed; only a supervisor may pick a colleague."""
    on_behalf = authz.allowed(ctx.user.role, "record_for_others")
    if not on_behalf:
        if combo.findData(ctx.user.id) < 0:
            combo.addItem(f"{ctx.user.name}（{ctx.user.role}）", ctx.user.id)
        combo.setCurrentIndex(combo.findData(ctx.user.id))
    combo.setEnabled(on_behalf)
    combo.setToolTip("" if on_behalf else authz.refusal_tooltip("record_for_others"))


def fill_staff(ctx: AppContext, combo: QComboBox, roles=COLLECTOR_ROLES, blank: str | None = None,
               prefer_self: bool = True) -> None:
    with ctx.session() as session:
        people = staff.active_staff(session, roles)
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for person in people:
        combo.addItem(f"{person.name}（{person.role}）", person.id)
    if prefer_self:
        index = combo.findData(ctx.user.id)
        if index < 0:
            index = next((i for i in range(combo.count()) if "收费员" in combo.itemText(i)), 0)
        combo.setCurrentIndex(index)


def documents_dir(kind: str) -> Path:
    folder = config.data_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def offer_to_open(parent: QWidget, path: Path, what: str) -> None:
    if messages.confirm(parent, f"{what}已保存到：\n{path}\n\n现在打开查看和打印吗？"):
        open_file(parent, path)


def money(value) -> str:
    return f"{value:,.2f}"
