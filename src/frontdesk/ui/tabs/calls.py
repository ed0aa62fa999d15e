"""来电来访: the entry form, who is calling, the ledger, 我的待办 and complaints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, STATUSES
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import call_lists, calls, clock, complaints, rings, staff, unit_lookup, units
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.dialogs.complaint_dialog import ComplaintDialog
from frontdesk.ui.dialogs.contact_dialog import ContactDialog
from frontdesk.ui.table_model import LazyTableModel, TableColumn, list_model
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.building_filter import apply_on_change, fill_building_combo
from frontdesk.ui.widgets.call_form import CallForm
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.pages import Pages
from frontdesk.ui.widgets.rings_list import RingsList
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import fit_columns, record_table

LEDGER_COLUMNS = (
    TableColumn("时间", lambda r: r.occurred_at, "occurred_at"),
    TableColumn("方式", lambda r: r.channel, "channel"),
    TableColumn("房号/位置", lambda r: r.unit_code, "unit_code"),
    TableColumn("来电人", lambda r: r.caller_name, "caller_name"),
    TableColumn("电话", lambda r: r.phone),
    TableColumn("类别", lambda r: r.category, "category"),
    TableColumn("内容", lambda r: r.content),
    TableColumn("处理情况", lambda r: r.handling),
    TableColumn("状态", lambda r: r.status, "status"),
    TableColumn("首问负责人", lambda r: r.owner),
    TableColumn("当前经办", lambda r: r.handled_by),
)

COMPLAINT_COLUMNS = (
    TableColumn("时间", lambda r: r.occurred_at),
    TableColumn("房号", lambda r: r.unit_code),
    TableColumn("投诉人", lambda r: r.caller_name),
    TableColumn("内容", lambda r: r.content),
    TableColumn("状态", lambda r: r.state),
    TableColumn("性质", lambda r: r.effective),
    TableColumn("办结时限", lambda r: r.close_due),
    TableColumn("超时", lambda r: r.overdue or ""),
    TableColumn("总结", lambda r: r.summary),
)


# 时间 (2026-11-25 09:30) is 132 px; 内容 and 处理情况 (columns 6 and 7) share the spare width: at
# 1366 px both show a usual sentence whole instead of 处理情况 cut after five characters.
LEDGER_WIDTHS = (132, 48, 96, 96, 96, 48, 96, 96, 60, 96, 96)
LEDGER_TEXT_COLUMNS = (6, 7)


def _ledger_table(model: LazyTableModel, name: str, on_open, sort=None) -> QTableView:
    table = record_table(model, name=name, stretch=LEDGER_TEXT_COLUMNS[0], sort=sort, on_open=on_open,
                         widths=LEDGER_WIDTHS)
    for column in LEDGER_TEXT_COLUMNS[1:]:
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.Stretch)
    return table


NO_CALLER = "<p style='color:#78909c'>输入房号或电话后，这里显示该户的近期来电、未办结事项和投诉。</p>"


COMPLAINTS_SHOWN = 500


class CallsTab(QWidget):
    title = "来电来访"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = call_lists.ContactFilter()
        self.counters = QLabel()
        self.counters.setObjectName("dayCounters")
        self.counters.setTextFormat(Qt.RichText)

        self.form = CallForm(ctx)
        self.form.submit_requested.connect(self.save_call)
        self.form.unit_changed.connect(self.show_history)
        self.history = QTextBrowser()
        self.history.setObjectName("callerHistory")
        self.history.setMinimumWidth(300)
        self.history.setHtml(NO_CALLER)  # the form's first reset spoke before this panel listened
        self.repeat_flag = QLabel()
        self.repeat_flag.setObjectName("repeatFlag")
        self.repeat_flag.setStyleSheet("color: white; background: #c62828; padding: 3px; font-weight: bold;")
        self.repeat_flag.hide()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("来电人档案"))
        side_layout.addWidget(self.repeat_flag)
        side_layout.addWidget(self.history)
        top = QSplitter()
        top.addWidget(self.form)
        top.addWidget(side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)

        self.views = Pages(fresh_on_show=True)
        self.views.add_page(self._build_ledger(), "来电台账")  # filled by apply_filter
        self.views.add_page(self._build_todo(), "我的待办", self.load_todo)
        self.views.add_page(self._build_complaints(), "投诉处理", self.load_complaints)
        self.rings_list = RingsList(ctx, self)
        self.views.add_page(self.rings_list, "来电记录", self.rings_list.load)
        self.views.keys_reach(self)  # from the call form too: Alt+2 is 我的待办 without leaving the keyboard

        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.form.sizeHint().height(), 10_000])  # the ledger gets what the form leaves
        layout = QVBoxLayout(self)
        layout.addWidget(self.counters)
        layout.addWidget(splitter)

        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.form.refresh_time)
        self._clock.start()
        ctx.events.changed.connect(self._on_data_changed)
        self._draft_offered = False

    def has_unsaved_input(self) -> bool:
        return self.form.has_unsaved_input()

    def discard_input(self) -> None:
        self.form.discard_input()

    # ---- building -------------------------------------------------------------------

    def _build_ledger(self) -> QWidget:
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        today = QDate(clock.today())
        self.date_from.setDate(today.addMonths(-1))
        self.date_to.setDate(today)
        self.f_channel = QComboBox()
        self.f_channel.addItems(["全部方式", *CHANNELS])
        self.f_category = QComboBox()
        self.f_category.addItems(["全部类别", *CATEGORIES])
        self.f_status = QComboBox()
        self.f_status.addItems(["全部状态", *STATUSES])
        self.f_owner = QComboBox()
        self.f_building = QComboBox()
        apply = QPushButton("查询")
        apply.clicked.connect(self.apply_filter)
        export = QPushButton("导出 Excel")
        export.clicked.connect(self.export_ledger)
        open_button = QPushButton("打开")
        open_button.clicked.connect(lambda: self.open_selected(self.ledger_table, self.ledger_model))
        bar = QHBoxLayout()
        for widget in (QLabel("从"), self.date_from, QLabel("到"), self.date_to, self.f_channel, self.f_category,
                       self.f_status, self.f_owner, self.f_building, apply):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(open_button)
        bar.addWidget(export)
        self.ledger_model = LazyTableModel(LEDGER_COLUMNS, self._count_ledger, self._fetch_ledger,
                                           default_sort=("occurred_at", True), is_alert=lambda r: r.overdue, parent=self)
        self.ledger_table = _ledger_table(self.ledger_model, "ledgerTable", sort=(0, Qt.DescendingOrder),
                                          on_open=lambda: self.open_selected(self.ledger_table, self.ledger_model))
        self.ledger_count = QLabel()
        self._filters_changed = apply_on_change(
            self, self.apply_filter, dates=(self.date_from, self.date_to),
            combos=(self.f_channel, self.f_category, self.f_status, self.f_owner, self.f_building))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.ledger_table)
        layout.addWidget(self.ledger_count)
        return page

    def _build_todo(self) -> QWidget:
        self.todo_rows: list[call_lists.ContactRow] = []
        self.todo_model = list_model(LEDGER_COLUMNS, lambda: self.todo_rows, lambda r: r.overdue, self)
        self.todo_table = _ledger_table(self.todo_model, "todoTable",
                                        on_open=lambda: self.open_selected(self.todo_table, self.todo_model))
        self.todo_label = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.todo_label)
        layout.addWidget(self.todo_table)
        return page

    def _build_complaints(self) -> QWidget:
        self.complaint_rows: list[complaints.ComplaintRow] = []
        self.complaint_scope = QComboBox()
        self.complaint_scope.addItems(["未办结的投诉", "全部投诉（案例）"])
        self.complaint_scope.currentIndexChanged.connect(lambda _i: self.load_complaints())
        self.complaint_search = QLineEdit()
        self.complaint_search.setPlaceholderText("在投诉内容、原因、方案、总结中查找案例")
        self.complaint_search.returnPressed.connect(self.load_complaints)
        self.complaint_model = list_model(COMPLAINT_COLUMNS, lambda: self.complaint_rows,
                                          lambda r: bool(r.overdue), self)
        self.complaint_table = record_table(self.complaint_model, name="complaintTable")
        self.complaint_table.horizontalHeader().setDefaultSectionSize(96)
        self.complaint_table.activated.connect(lambda _i: self.open_complaint())
        open_button = QPushButton("处理")
        open_button.clicked.connect(self.open_complaint)
        bar = QHBoxLayout()
        bar.addWidget(self.complaint_scope)
        bar.addWidget(self.complaint_search, 1)
        bar.addWidget(open_button)
        self.complaint_count = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.complaint_table)
        layout.addWidget(self.complaint_count)
        return page

    # ---- loading --------------------------------------------------------------------

    def reset_for_new_user(self) -> None:
        """Nothing of the previous person: the form, and the lists' filters, searches and dates as a
        new desk opens them (they reload when next shown)."""
        self.form.reset()
        today = QDate(clock.today())
        self.date_from.setDate(today.addMonths(-1))
        self.date_to.setDate(today)
        for combo in (self.f_channel, self.f_category, self.f_status, self.f_owner, self.f_building):
            combo.setCurrentIndex(0)
        self.complaint_search.clear()
        self.complaint_scope.blockSignals(True)
        self.complaint_scope.setCurrentIndex(0)
        self.complaint_scope.blockSignals(False)
        self.ledger_table.scrollToTop()

    def first_field(self) -> QWidget:
        return self.form.unit

    def load(self) -> None:
        with self.ctx.session() as session:
            people = staff.active_staff(session)
            tree = units.building_tree(session)
        self.f_owner.clear()
        self.f_owner.addItem("全部负责人", None)
        for person in people:
            self.f_owner.addItem(person.name, person.id)
        fill_building_combo(self.f_building, tree)
        self.apply_filter()
        self.refresh_counters()
        self.views.load_current()
        self.form.unit.setFocus()
        if not self._draft_offered:
            self._draft_offered = True
            QTimer.singleShot(0, self.form.offer_draft)  # once the window is up

    def apply_filter(self) -> None:
        self._filters_changed.stop()

        def choice(combo: QComboBox) -> str:
            return "" if combo.currentIndex() == 0 else combo.currentText()

        phase, building = self.f_building.currentData() or (None, None)
        self.filter = call_lists.ContactFilter(
            date_from=self.date_from.date().toPython(), date_to=self.date_to.date().toPython(),
            channel=choice(self.f_channel), category=choice(self.f_category), status=choice(self.f_status),
            owner_id=self.f_owner.currentData(), phase=phase, building=building,
        )
        self.reload_ledger()

    def reload_ledger(self) -> None:
        self.ledger_model.refresh()
        self.ledger_count.setText(f"共 {self.ledger_model.total} 条")

    def _count_ledger(self) -> int:
        with self.ctx.session() as session:
            return call_lists.count_contacts(session, self.filter)

    def _fetch_ledger(self, offset: int, limit: int, sort: str | None, descending: bool):
        with self.ctx.session() as session:
            return call_lists.list_contacts(session, self.filter, offset, limit, sort or "occurred_at", descending)

    def load_todo(self) -> None:
        with self.ctx.session() as session:
            self.todo_rows = call_lists.my_open_matters(session, self.ctx.user.id)
        self.todo_model.refresh()
        overdue = sum(1 for r in self.todo_rows if r.overdue)
        self.todo_label.setText(f"{self.ctx.user.name} 的待办：{len(self.todo_rows)} 件，其中超时 {overdue} 件（红色）")

    def load_complaints(self) -> None:
        open_only = self.complaint_scope.currentIndex() == 0
        words = self.complaint_search.text().strip()
        with self.ctx.session() as session:  # one more than shown: a list cut says so
            rows = complaints.list_complaints(session, open_only=open_only, text=words, limit=COMPLAINTS_SHOWN + 1)
        self.complaint_rows = rows[:COMPLAINTS_SHOWN]
        self.complaint_model.refresh()
        fit_columns(self.complaint_table, stretch=3)  # 内容 takes the room, not an empty 总结
        what = "未办结的投诉" if open_only else "投诉"
        if len(rows) > COMPLAINTS_SHOWN:
            self.complaint_count.setText(f"{what}只列出最近的 {COMPLAINTS_SHOWN} 件，更早的请在查找框输入内容缩小范围")
        elif not rows:
            self.complaint_count.setText(f"没有找到含“{words}”的{what}" if words else f"没有{what}")
        else:
            self.complaint_count.setText(f"{what}共 {len(rows)} 件" + (f"（含“{words}”）" if words else ""))

    def show_complaints_matching(self, words: str) -> None:
        """投诉处理 with every complaint (closed ones too) whose texts hold the words."""
        self.complaint_search.setText(words)
        self.complaint_scope.blockSignals(True)  # one load below, not one per change
        self.complaint_scope.setCurrentIndex(1)  # 全部投诉（案例）
        self.complaint_scope.blockSignals(False)
        shown = self.views.tabText(self.views.currentIndex()) == "投诉处理"
        self.views.show_page("投诉处理")  # loads the page when it comes on screen
        if shown:
            self.load_complaints()
        self.complaint_table.setFocus()

    def refresh_counters(self) -> None:
        with self.ctx.session() as session:
            c = call_lists.day_counters(session)
            rang, missed = rings.today_counts(session)

        def part(label: str, value: int, target: int) -> str:
            colour = "#2e7d32" if value >= target else "#37474f"
            return f"{label} <b style='color:{colour}'>{value}</b>/{target}"

        self.counters.setText(
            f"今日 {c.day:%Y-%m-%d}：" + "　".join([
                part("来电", c.calls, c.target_calls), part("来访", c.visits, c.target_visits),
                part("回访", c.return_visits, c.target_return_visits),
            ]) + f"　未办结 <b>{c.open_matters}</b>"
            + (f"　来电显示 {rang} 次，<span style='color:#c62828'>未接 <b>{missed}</b></span>" if rang else "")
        )

    def _on_data_changed(self, what: Topic) -> None:
        if what is Topic.USER:
            self.form.errors.clear()  # messages meant for the last person
        if what in (Topic.CONTACTS, Topic.USER, Topic.SETTINGS):
            self.reload_ledger()
            self.refresh_counters()
            self.views.mark_stale()

    # ---- actions --------------------------------------------------------------------

    def save_call(self) -> None:
        if not self.form.has_unsaved_input():
            return  # Enter again on the emptied form: nothing to save, nothing to complain about
        data = self.form.form_input()
        with self.ctx.read_session() as session:  # a look only: never waits behind another desk's save
            again = calls.second_time_warning(session, data)
        if again and not messages.confirm(self, again):
            self.form.content.setFocus()  # kept as typed, to change or to clear with Esc
            return
        try:
            with self.ctx.session() as session:
                saved = calls.log_contact(session, data, self.ctx.user.id)
                if self.form.ring_id is not None:  # the call a ring became: answered, or returned
                    mark = rings.mark_called_back if self.form.ring_call_back else rings.mark_answered
                    mark(session, self.form.ring_id, saved.id)
        except unit_lookup.UnitNotFound as exc:
            self.form.errors.show(exc.errors)
            if messages.confirm(self, f"房号 {exc.code} 不在房屋档案中。现在新建这套房屋吗？"):
                self._create_unit(exc.code)
            return
        except ValidationError as exc:
            leftover = self.form.errors.show(exc.errors)
            if leftover:
                messages.warning(self, "\n".join(leftover))
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.form.reset()
        self.ctx.events.changed.emit(Topic.CONTACTS)  # a complaint it opened is listed from the contacts
        self.ctx.events.saved.emit(self._saved_notice(data, saved))
        self.select_contact(saved.id)

    def _saved_notice(self, data: calls.ContactInput, saved: calls.SavedContact) -> Saved:
        kind = "来电" if data.channel == "电话" else data.channel
        what = " ".join(part for part in (kind, data.caller_name.strip(), saved.unit_code) if part)
        # 首问负责制: an open call is the taker's until it is finished, and is listed in 我的待办.
        note = "" if saved.status == calls.DONE else f"{saved.status}，已列入我的待办"
        if saved.repair_number:
            return Saved(what, f"报修单 {saved.repair_number}", f"repair:{saved.repair_number}", note)
        if saved.complaint_id:
            # A complaint has no number of its own (the desk names it by its call): "第 37200 号" read
            # like one and was not.
            return Saved(what, "已转投诉处理", f"complaint:{saved.complaint_id}", note)
        return Saved(what, note=note)

    def select_contact(self, contact_id: int) -> None:
        """Show the call just saved: its row selected in the ledger."""
        self.views.setCurrentIndex(0)
        for row, record in enumerate(self.ledger_model.loaded_rows()):
            if record.id == contact_id:
                self.ledger_table.selectRow(row)
                self.ledger_table.scrollTo(self.ledger_model.index(row, 0))
                return

    def answer_ring(self, ring_id: int, call_back: bool = False) -> bool:
        """Start the call entry for a ring (F2 on the pop-up) or a missed call returned (回拨); a call
        already being typed is not thrown away without asking. False when she keeps typing instead."""
        if self.form.has_unsaved_input() and not messages.confirm_discard(self, ["正在登记的来电"]):
            return False
        with self.ctx.session() as session:
            info = rings.ring_info(session, ring_id)
            if not call_back:
                rings.mark_answered(session, ring_id)  # taken now, even if the entry is never saved
        best = info.best
        suggestion = None
        if best is not None:
            suggestion = units.Suggestion(best.unit_id, best.unit_code, best.person_id, best.name, info.number,
                                          best.relation)
        self.views.setCurrentIndex(0)
        self.form.prefill_ring(ring_id, clock.now() if call_back else info.rang_at, info.number, suggestion)
        self.form.ring_call_back = call_back
        self.refresh_counters()
        return True

    def _create_unit(self, code: str) -> None:
        from frontdesk.ui.dialogs.unit_dialog import UnitDialog

        dialog = UnitDialog(self.ctx, parent=self, preset_code=code)
        dialog.exec()
        if dialog.saved_id:
            self.form.errors.clear()
            self.form.unit.setFocus()

    def show_history(self, unit_id, phone: str) -> None:
        with self.ctx.session() as session:
            history = call_lists.caller_history(session, unit_id=unit_id, phone=phone)
        if not history.unit_code and not history.recent:
            self.history.setHtml(NO_CALLER)
            self.repeat_flag.hide()
            return
        self.repeat_flag.setVisible(history.repeat_caller)
        self.repeat_flag.setText(f"重复来电：{history.repeat_reason}")
        parts = []
        if history.unit_code:
            parts.append(f"<b>{history.unit_code}</b> {'、'.join(history.people)}")
        parts.append(f"未办结 {len(history.open_matters)} 件；未结投诉 {history.open_complaints} 件")
        if history.arrears > 0:
            parts.append(f"<span style='color:#c62828'>欠物业费等 ¥{history.arrears:,.2f}（已过缴费期）</span>")
        if history.open_matters:
            more = len(history.open_matters) - 5  # a list cut says so
            parts.append("<b>未办结：</b><br>" + "<br>".join(
                f"{r.occurred_at:%m-%d} {r.category} {r.content}（{r.owner}）" for r in history.open_matters[:5])
                + (f"<br>……另有 {more} 件（来电台账中按房号查看）" if more > 0 else ""))
        parts.append("<b>近期来电来访：</b><br>" + "<br>".join(
            f"{r.occurred_at:%m-%d %H:%M} {r.channel} {r.category} {r.content}" for r in history.recent))
        self.history.setHtml("<br>".join(parts))

    def open_selected(self, table: QTableView, model: LazyTableModel) -> None:
        rows = table.selectionModel().selectedRows()
        row = model.row_object(rows[0].row()) if rows else None
        if row is None:
            messages.info(self, "请先在列表中选中一条记录。")
            return
        self.open_contact(row.id)

    def open_contact(self, contact_id: int) -> None:
        ContactDialog(self.ctx, contact_id, self).exec()

    def open_complaint(self) -> None:
        rows = self.complaint_table.selectionModel().selectedRows()
        row = self.complaint_model.row_object(rows[0].row()) if rows else None
        if row is None:
            messages.info(self, "请先在列表中选中一条投诉。")
            return
        ComplaintDialog(self.ctx, row.id, self).exec()

    def export_ledger(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self, "导出来电来访", str(Path.home() / "来电来访.xlsx"), "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path):
        from frontdesk.services import exports

        filt = self.filter
        open_session = self.ctx.session_opener(read_only=True)

        def work(progress):
            with open_session() as session:
                return exports.contacts_ledger(session, filt, path, progress=progress)

        return run_task(self, "正在导出来电来访…", work,
                        on_done=lambda n: messages.info(self, f"已导出 {n} 条记录到 {path}"),
                        on_error=lambda text: messages.warning(self, text))
