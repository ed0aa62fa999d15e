"""The forms of the 外包方 desk: a vendor, a 月会, a problem, its re-check, a one-off job and its 验收."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from frontdesk.db.models.vendors import ACCEPTANCE_RESULTS, ISSUE_SOURCES, RECHECK_RESULTS, VENDOR_SERVICES
from frontdesk.services import clock, vendor_issues, vendors
from frontdesk.ui.tabs.vendor_common import FormDialog, date_edit
from frontdesk.ui.widgets.step_box import unchosen


def _text_edit(text: str = "", placeholder: str = "", height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on to the next field, as in every other box of the form
    edit.setFixedHeight(height)
    return edit


def vendor_combo(ctx, current: int | None = None, active_only: bool = True) -> QComboBox:
    combo = QComboBox()
    with ctx.session() as session:
        for row in vendors.list_vendors(session, include_ended=not active_only):
            combo.addItem(f"{row.company}（{row.service}）", row.id)
            if row.id == current:
                combo.setCurrentIndex(combo.count() - 1)
    return combo


class VendorDialog(FormDialog):
    def __init__(self, ctx, vendor_id: int | None = None, parent=None):
        super().__init__(ctx, "修改外包方" if vendor_id else "登记外包方", parent)
        self.vendor_id, self.version = vendor_id, None
        self.company = self.field("company", "公司名称", QLineEdit())
        self.service = self.field("service", "服务内容", QComboBox())
        self.service.setEditable(True)
        self.service.addItems(VENDOR_SERVICES)
        self.start = self.field("contract_start", "合同开始", date_edit(clock.today().replace(month=1, day=1)))
        self.end = self.field("contract_end", "合同结束", date_edit(clock.today().replace(month=12, day=31)))
        self.contact = self.field("contact", "现场负责人", QLineEdit())
        self.phone = self.field("phone", "电话", QLineEdit())
        self.active = self.field("active", "状态", QCheckBox("在用（合同期内）"))
        self.active.setChecked(True)
        if vendor_id:
            with ctx.session() as session:
                v = vendors.get_vendor(session, vendor_id)
                self.version = v.version
                self.company.setText(v.company)
                self.service.setCurrentText(v.service)
                for edit, day in ((self.start, v.contract_start), (self.end, v.contract_end)):
                    if day:
                        edit.setDate(day)
                self.contact.setText(v.contact)
                self.phone.setText(v.phone)
                self.active.setChecked(v.active)
        self.mark_clean()

    def action(self, session):
        data = vendors.VendorInput(self.company.text(), self.service.currentText(), self.start.date().toPython(),
                                   self.end.date().toPython(), self.contact.text(), self.phone.text(),
                                   self.active.isChecked())
        return vendors.save_vendor(session, data, self.vendor_id, self.version)


class MeetingDialog(FormDialog):
    """召开月会: the problems waiting for this vendor (between meetings, carried over) join its agenda."""

    def __init__(self, ctx, vendor_id: int | None = None, parent=None):
        super().__init__(ctx, "召开月会", parent)
        self.resize(560, 460)
        self.vendor = self.field("vendor", "外包方", vendor_combo(ctx, vendor_id))
        self.held_on = self.field("held_on", "会议日期", date_edit(clock.today()))
        self.attendees = self.field("attendees", "参会人员", QLineEdit(f"{ctx.user.name}（物业）；"))
        self.attendees.setPlaceholderText("物业方和外包方，例如 张丽、王芳（物业）；李红（洁美保洁）")
        self.minutes = self.field("minutes", "会议内容", _text_edit(
            "", "通报上月检查及整改复查情况、外包方汇报、本月要求…", 110))
        self.carried = self.field("carried_deadline", "结转问题新限期",
                                  date_edit(clock.today() + timedelta(days=vendors.CARRIED_DEADLINE_DAYS)))
        self.mark_clean()

    def action(self, session):
        return vendors.hold_meeting(session, vendors.MeetingInput(
            vendor_id=self.vendor.currentData(), held_on=self.held_on.date().toPython(),
            attendees=self.attendees.text(), minutes=self.minutes.toPlainText(), chaired_by=self.ctx.user.name,
            carried_deadline=self.carried.date().toPython()))


class IssueDialog(FormDialog):
    """A problem for a vendor: at a 月会, or between meetings (巡查, a complaint, a one-off job)."""

    def __init__(self, ctx, vendor_id: int | None = None, meeting_id: int | None = None, job_id: int | None = None,
                 contact_id: int | None = None, parent=None):
        super().__init__(ctx, "登记整改问题", parent)
        self.resize(560, 480)
        self.meeting_id, self.job_id, self.contact_id = meeting_id, job_id, contact_id
        self.vendor = self.field("vendor", "外包方", vendor_combo(ctx, vendor_id))
        self.vendor.setEnabled(meeting_id is None and job_id is None)
        self.source = self.field("source", "来源", QComboBox())
        self.source.addItems(ISSUE_SOURCES)
        default = "月会" if meeting_id else "一次性外包" if job_id else "投诉" if contact_id else "巡查"
        self.source.setCurrentText(default)
        self.source.setEnabled(meeting_id is None and job_id is None)
        raised = clock.today()
        if meeting_id:
            with ctx.session() as session:
                raised = vendors.get_meeting(session, meeting_id).held_on
        self.raised_on = self.field("raised_on", "发现日期", date_edit(raised))
        self.location = self.field("location", "位置", QLineEdit())
        self.location.setPlaceholderText("例如 3栋1单元大堂、中心花园")
        self.description = self.field("description", "问题描述", _text_edit("", "看到了什么、哪里不符合合同要求"))
        # A week to fix it, counted from today when the problem is added to a meeting already past (a
        # deadline before today would make it overdue the moment it is saved).
        self.deadline = self.field("deadline", "整改限期", date_edit(max(raised, clock.today()) + timedelta(days=7)))
        self.follower = self.field("follower", "跟进人", QLineEdit(ctx.user.name))
        self.complaint = self.field("contact", "关联投诉", QComboBox())
        self.complaint.addItem("（无）", None)
        with ctx.session() as session:
            for contact, label in vendor_issues.recent_complaints(session):
                self.complaint.addItem(label, contact)
                if contact == contact_id:
                    self.complaint.setCurrentIndex(self.complaint.count() - 1)
        self.complaint.currentIndexChanged.connect(self._complaint_chosen)
        self.mark_clean()

    def _complaint_chosen(self) -> None:
        """A problem from a complaint (e.g. about the cleaning) counts on the vendor's scorecard as one."""
        if self.complaint.currentData() is not None and self.source.isEnabled():
            self.source.setCurrentText("投诉")

    def action(self, session):
        self.contact_id = self.complaint.currentData()
        return vendor_issues.raise_issue(session, vendor_issues.IssueInput(
            vendor_id=self.vendor.currentData(), location=self.location.text(),
            description=self.description.toPlainText(), deadline=self.deadline.date().toPython(),
            follower=self.follower.text(), raised_on=self.raised_on.date().toPython(),
            source=self.source.currentText(), meeting_id=self.meeting_id, job_id=self.job_id,
            contact_id=self.contact_id))


class RecheckDialog(FormDialog):
    """复查 on the deadline: 已整改 closes the problem, 未整改 carries it to the next 月会."""

    def __init__(self, ctx, issue_id: int, parent=None):
        super().__init__(ctx, "到期复查", parent, save_text="登记复查")
        self.issue_id = issue_id
        with ctx.session() as session:
            issue = vendor_issues.get_issue(session, issue_id)
            summary = f"{issue.location}：{issue.description}（限期 {issue.deadline:%Y-%m-%d}）"
        self.form.addRow("问题", QLineEdit(summary, readOnly=True))
        # Not preset: one Enter must not record 已整改 and close a problem nobody went to look at.
        self.result = self.field("result", "复查结果", unchosen(QComboBox(), "请选择复查结果"))
        self.result.addItems(RECHECK_RESULTS)
        self.result.setCurrentIndex(-1)
        self.checked_on = self.field("recheck_on", "复查日期", date_edit(clock.today()))
        self.remark = self.field("remark", "复查情况", QLineEdit())
        self.setMinimumWidth(480)  # the problem and its deadline read whole
        self.result.setFocus()
        self.mark_clean()

    def action(self, session):
        return vendor_issues.recheck(session, self.issue_id, self.result.currentText(),
                                     self.checked_on.date().toPython(), self.remark.text())


class JobDialog(FormDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "一次性外包", parent)
        self.vendor = self.field("vendor", "外包方", vendor_combo(ctx))
        self.title_edit = self.field("title", "项目", QComboBox())
        self.title_edit.setEditable(True)
        self.title_edit.addItems(["外墙清洗", "管道疏通", "化粪池清掏", "消杀", "水箱清洗"])
        self.start = self.field("start_on", "开始日期", date_edit(clock.today()))
        self.end = self.field("end_on", "计划完成", date_edit(clock.today() + timedelta(days=7)))
        self.follower = self.field("follower", "跟进人", QLineEdit(ctx.user.name))
        self.mark_clean()

    def action(self, session):
        return vendors.start_job(session, vendors.JobInput(
            vendor_id=self.vendor.currentData(), title=self.title_edit.currentText(),
            start_on=self.start.date().toPython(), follower=self.follower.text(), end_on=self.end.date().toPython()))


class AcceptDialog(FormDialog):
    def __init__(self, ctx, job_id: int, parent=None):
        super().__init__(ctx, "验收", parent, save_text="登记验收")
        self.job_id = job_id
        self.result = self.field("result", "验收结果", QComboBox())
        self.result.addItems(ACCEPTANCE_RESULTS)
        self.accepted_on = self.field("accepted_on", "验收日期", date_edit(clock.today()))
        self.remark = self.field("remark", "验收意见", QLineEdit())
        self.mark_clean()

    def action(self, session):
        vendors.accept_job(session, self.job_id, self.accepted_on.date().toPython(), self.result.currentText(),
                           self.remark.text())
        return self.job_id
