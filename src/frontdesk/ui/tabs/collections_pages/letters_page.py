"""催缴函 / 催收函 from the GUI (the same as `frontdesk letters`): preview who gets one, write and record."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import authz, clock, letters
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.common import documents_dir, offer_to_open
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.tables import fill_table, simple_table


class LettersPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setValue(letters.DEFAULT_OVERDUE_MONTHS)
        self.as_of = DateEdit(QDate(clock.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.addItems(letters.LETTER_KINDS)
        preview = QPushButton("预览名单")
        preview.clicked.connect(self.preview)
        self.send_button = QPushButton("生成 PDF 并登记发函")
        self.send_button.clicked.connect(self.send)
        self.letter_table = simple_table(["房号", "业主", "最早欠费账期", "欠费合计"])
        self.letter_label = QLabel("催缴函发给已收房、欠费超过所选月数的业主；催收函发给已交付但未收房的业主。"
                                   "函件只依合同和法律催告，不以停水停电相威胁。")
        self.letter_label.setWordWrap(True)
        letters_box = QGroupBox("催缴函")
        letters_layout = QVBoxLayout(letters_box)
        bar = QHBoxLayout()
        for widget in (QLabel("欠费超过"), self.months, QLabel("个月，截至"), self.as_of, self.kind, preview,
                       self.send_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        letters_layout.addWidget(self.letter_label)
        letters_layout.addLayout(bar)
        letters_layout.addWidget(self.letter_table)
        self.count_label = QLabel()
        letters_layout.addWidget(self.count_label)
        # The list follows the choices (after a pause while a number is typed): the names shown are the
        # ones a letter run would write to.
        self._chosen = QTimer(self)
        self._chosen.setSingleShot(True)
        self._chosen.setInterval(300)
        self._chosen.timeout.connect(self.preview)
        self.months.valueChanged.connect(lambda _v: self._chosen.start())
        self.as_of.dateChanged.connect(lambda _d: self._chosen.start())
        self.kind.currentIndexChanged.connect(lambda _i: self._chosen.start())

        layout = QVBoxLayout(self)
        layout.addWidget(letters_box)

    def load(self) -> None:
        allowed = authz.allowed(self.ctx.user.role, "letters")
        self.send_button.setEnabled(allowed)
        self.send_button.setToolTip("" if allowed else "发函由收费员、客服主管或管理员办理")
        self.preview()

    def refresh(self) -> None:
        self.preview()

    def reset_for_new_user(self) -> None:
        """切换用户: the choices back to their defaults and the list emptied (read again when next shown)."""
        for box in (self.months, self.as_of, self.kind):
            box.blockSignals(True)
        self.months.setValue(letters.DEFAULT_OVERDUE_MONTHS)
        self.as_of.setDate(QDate(clock.today()))
        self.kind.setCurrentIndex(0)
        for box in (self.months, self.as_of, self.kind):
            box.blockSignals(False)
        self._chosen.stop()
        self.letter_table.setRowCount(0)
        self.count_label.clear()

    def _choice(self):
        return self.months.value(), self.as_of.date().toPython(), self.kind.currentText()

    def preview(self) -> bool:
        """The list for the choices as they stand; False (the list emptied, the line above it saying
        why) when the choices cannot be met, so no list of other choices stays in view."""
        months, as_of, kind = self._choice()
        try:
            with self.ctx.session() as session:
                found = letters.select_letters(session, months, as_of, kind)
        except DomainError as exc:
            self.letter_table.setRowCount(0)
            self.count_label.setText(f"没有列出：{exc.message}")
            return False
        fill_table(self.letter_table, [[x.unit_code, x.owners, x.oldest_period, f"{x.total:,.2f}"] for x in found])
        self.count_label.setText(f"截至 {as_of}，欠费超过 {months} 个月、符合{kind}条件的共 {len(found)} 户。")
        return True

    def send(self) -> None:
        from frontdesk.reports.pdf.collection_letters import render_letters

        months, as_of, kind = self._choice()
        self._chosen.stop()
        if not self.preview():  # the list and its count as they are now, for the question below
            messages.warning(self, self.count_label.text().removeprefix("没有列出："))
            return
        count = self.letter_table.rowCount()
        if count and not messages.confirm(
                self, f"将为 {count} 户生成{kind}（截至 {as_of}，欠费超过 {months} 个月，名单见列表），"
                      f"并为每户登记一条“{kind}”催缴记录（登记后留作催缴记录，不能撤销）。继续吗？"):
            return
        path = documents_dir("催缴函") / f"{kind}-{as_of:%Y%m%d}-{months}个月.pdf"
        open_session, sender = self.ctx.session_opener(), self.ctx.user.id

        def work(_progress):
            with open_session() as session:
                return letters.send_letters(session, lambda chosen, head: render_letters(chosen, head, path),
                                            months, as_of, kind, record=True, sender_id=sender)

        def done(run) -> None:
            if run.path is None:
                messages.info(self, f"没有欠费超过 {months} 个月的业主，未生成{kind}。")
                return
            self.ctx.events.changed.emit(Topic.COLLECTION_ACTIONS)
            self.preview()
            offer_to_open(self, run.path, f"{kind} {run.letters} 封（已登记 {run.recorded} 条发函记录）")

        return run_task(self, f"正在生成{kind}…", work, on_done=done, on_error=lambda t: messages.warning(self, t))
