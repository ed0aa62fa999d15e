"""The always-ready entry form at the top of 来电来访: a whole call with the keyboard alone.

Focus starts on 房号. Tab order: 房号, 来电人, 电话, 类别, 内容, 处理情况, 状态, 方式; picking a unit
from the list jumps straight to 类别 when it filled 来电人 and 电话. 时间 shows now and is not a Tab
stop: Alt+S goes there (Alt+W 方式, Alt+L 类别, Alt+N 内容, Alt+R back to 房号). Enter saves from any field; Esc clears
(asking first when something was typed). In 方式/类别/状态 a digit or a pinyin letter picks the entry.
报修/投诉 set 状态 to 处理中 (the call stays open until its repair order or complaint is finished).
What is typed is kept as a draft on disk until saved, and offered back after a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, STATUSES
from frontdesk.errors import ValidationError
from frontdesk.services import calls, clock, unit_lookup, units
from frontdesk.services.text import clean_phone
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets import drafts
from frontdesk.ui.widgets.date_fields import DateTimeEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.unit_lookup import UnitLookupEdit

# First letters of each entry's pinyin: 咨询 z, 报修 b, 投诉 t, 建议 j, 缴费 f(费), 表扬 y(扬), 其他 q.
CATEGORY_KEYS = {"z": "咨询", "b": "报修", "t": "投诉", "j": "建议", "f": "缴费", "y": "表扬", "q": "其他"}
CHANNEL_KEYS = {"d": "电话", "l": "来访", "h": "回访", "q": "其他"}
STATUS_KEYS = {"y": "已办结", "c": "处理中", "d": "待回访"}
DRAFT_NAME = "call_form"
DRAFT_DELAY_MS = 400


class _QuickPick(QObject):
    """Digits 1..n or a letter choose an item of a combo box without opening it; an item that is
    switched off is not taken, and `refused` says why."""

    def __init__(self, combo: QComboBox, letters: dict[str, str]):
        super().__init__(combo)
        self.combo, self.letters = combo, letters
        self.refused: Callable[[str], None] = lambda _text: None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.KeyPress and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            key_text = event.text().lower()
            index = -1
            if key_text.isdigit() and 1 <= int(key_text) <= self.combo.count():
                index = int(key_text) - 1
            elif key_text in self.letters:
                index = self.combo.findText(self.letters[key_text])
            if index < 0:
                return False
            if self.combo.model().flags(self.combo.model().index(index, 0)) & Qt.ItemIsEnabled:
                self.combo.setCurrentIndex(index)
            else:
                self.refused(self.combo.itemText(index))
            return True
        return False


def _combo(items, letters: dict[str, str]) -> tuple[QComboBox, _QuickPick]:
    combo = QComboBox()
    combo.addItems(list(items))
    pick = _QuickPick(combo, letters)
    combo.installEventFilter(pick)
    return combo, pick


class CallForm(QGroupBox):
    """Emits `saved(SavedContact)` after a call is stored; `unit_changed(unit_id, phone)` for the side panel."""

    saved = Signal(object)
    submit_requested = Signal()
    unit_changed = Signal(object, str)
    missing_unit = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("登记来电来访（Enter 保存，Esc 清空，Alt+S 改时间）", parent)
        self.ctx = ctx
        self.person_id: int | None = None
        # The 来电人 and 电话 a pick filled in: another pick may replace them; typed ones stay.
        self._caller_from_pick = self._phone_from_pick = ""
        self.ring_id: int | None = None  # the ring this entry answers (来电弹屏), marked 已接 on save
        self.ring_call_back = False  # … or returns (未接来电 回拨), marked 已回拨
        self._person_phones: set[str] = set()
        self.errors = FieldErrors(keep_space=True)

        self.channel, _pick = _combo(CHANNELS, CHANNEL_KEYS)
        self.time = DateTimeEdit()
        self.time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.time.setCalendarPopup(False)
        self.time.setFocusPolicy(Qt.ClickFocus)  # reached with Alt+S, never a Tab stop
        self.unit = UnitLookupEdit(ctx)
        self.caller = QLineEdit()
        self.caller.setPlaceholderText("来电人姓名")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("电话")
        self.category, _pick = _combo(CATEGORIES, CATEGORY_KEYS)
        self.content = QLineEdit()
        self.content.setPlaceholderText("业主说了什么、要办什么事")
        self.handling = QLineEdit()
        self.handling.setPlaceholderText("怎么处理的、交给了谁")
        self.status, status_pick = _combo(STATUSES, STATUS_KEYS)
        status_pick.refused = lambda _text: self._say_why_open()
        self._status_by_category = False  # 状态 was moved to 处理中 by choosing 报修/投诉, not by the person
        self.attach_phone = QCheckBox("把这个新电话加到该住户名下")
        self.attach_phone.hide()
        self.save_button = QPushButton("保存")
        self.save_button.setAutoDefault(False)
        self.clear_button = QPushButton("清空")
        self.clear_button.setAutoDefault(False)
        for name, widget in (("channel", self.channel), ("time", self.time), ("unit", self.unit),
                             ("caller", self.caller), ("phone", self.phone), ("category", self.category),
                             ("content", self.content), ("handling", self.handling), ("status", self.status)):
            widget.setObjectName(f"call_{name}")

        grid = QGridLayout(self)
        rows = [
            [("房号(&R)", self.unit, "unit"), ("来电人", self.caller, "caller_name"), ("电话", self.phone, "phone"),
             ("方式(&W)", self.channel, "channel"), ("时间(&S)", self.time, "occurred_at")],
            [("类别(&L)", self.category, "category"), ("内容(&N)", self.content, "content"),
             ("状态", self.status, "status")],
            [("处理情况", self.handling, "handling")],
        ]
        spans = {"content": 5, "handling": 9}
        for row_index, fields in enumerate(rows):
            grid_row = row_index * 2
            col = 0
            # One strip under each row of fields holds that row's error messages side by side,
            # so a message never squeezes into a narrow column and pushes the form apart.
            strip = QHBoxLayout()
            for label, widget, field in fields:
                span = spans.get(field, 1)
                caption = QLabel(label)
                caption.setBuddy(widget)
                grid.addWidget(caption, grid_row, col)
                grid.addWidget(widget, grid_row, col + 1, 1, span)
                col += span + 1
                message = self.errors.add(field, widget)  # stretch from the label (FieldErrors)
                if field in ("channel", "occurred_at"):  # the row's right end: the message ends under its field
                    message.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                strip.addWidget(message)
            grid.addLayout(strip, grid_row + 1, 0, 1, 10)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_phone)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        grid.addLayout(buttons, 4, 8, 1, 2)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        grid.setVerticalSpacing(2)
        grid.setRowStretch(5, 1)  # spare height goes below the form, not between its rows

        order = [self.unit, self.caller, self.phone, self.category, self.content, self.handling, self.status,
                 self.channel, self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for widget in [*order[:-1], self.time]:
            widget.installEventFilter(self)
        self._before_time: QWidget = self.unit
        self._jump_after_pick = False

        # The draft is written shortly after the last keystroke, not on every one.
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        for edit in (self.unit, self.caller, self.phone, self.content, self.handling):
            edit.textChanged.connect(lambda _t: self._draft_timer.start())
        for combo in (self.channel, self.category, self.status):
            combo.currentIndexChanged.connect(lambda _i: self._draft_timer.start())

        self.category.currentIndexChanged.connect(lambda _i: self.keep_matter_open())
        self.channel.currentIndexChanged.connect(lambda _i: self.keep_matter_open())
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.save_button.clicked.connect(self.submit_requested)
        self.clear_button.clicked.connect(self.clear_asking)
        self._time_touched = False
        self._typed_unit: tuple[str, int | None] = ("", None)  # last typed text resolved, and its unit
        self.time.dateTimeChanged.connect(self._on_time_edited)
        self.unit.picked.connect(self._on_picked)
        self.unit.editingFinished.connect(self._announce_unit)
        self.phone.editingFinished.connect(self._on_phone_done)
        self.reset(forget_draft=False)  # a draft left by a crash waits to be offered back

    # ---- keyboard -------------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.FocusIn and obj is not self.time:
            self._before_time = obj
            if obj is self.unit and self._jump_after_pick and event.reason() == Qt.PopupFocusReason:
                QTimer.singleShot(0, self.focus_after_pick)
        if event.type() == QEvent.KeyPress and obj is not self.unit:
            self._jump_after_pick = False
        if event.type() == QEvent.KeyPress:
            if obj is self.time and event.key() in (Qt.Key_Tab, Qt.Key_Backtab):
                # A date-time edit would Tab through its own sections; here Tab goes back to where one was.
                self._before_time.setFocus(Qt.TabFocusReason)
                return True
            popup = self.unit.completer().popup()
            if obj is self.unit and popup is not None and popup.isVisible():
                return False  # Enter picks from the completer first
            if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
                self.submit_requested.emit()
                return True
            if event.key() == Qt.Key_Escape:
                self.clear_asking()
                return True
        return False

    # ---- unsaved input and the draft on disk ------------------------------------------

    def clear_asking(self) -> None:
        """Esc / 清空: an empty form just resets; typed work is thrown away only when confirmed."""
        if not self.has_unsaved_input() or messages.confirm_discard(self):
            self.reset()

    def has_unsaved_input(self) -> bool:
        return any(edit.text().strip() for edit in (self.unit, self.caller, self.phone, self.content, self.handling))

    def discard_input(self) -> None:
        self.reset()

    def draft_values(self) -> dict:
        selected = self.unit.selected
        return {
            "saved_at": f"{clock.now():%Y-%m-%d %H:%M}", "channel": self.channel.currentText(),
            "time": self.time.dateTime().toPython().isoformat(timespec="minutes") if self._time_touched else None,
            "unit": self.unit.text(), "selected": asdict(selected) if selected else None,
            "person_id": self.person_id, "caller": self.caller.text(), "phone": self.phone.text(),
            "category": self.category.currentText(), "content": self.content.text(),
            "handling": self.handling.text(), "status": self.status.currentText(),
        }

    def keep_draft(self) -> None:
        self._draft_timer.stop()
        try:
            if self.has_unsaved_input():
                drafts.save(DRAFT_NAME, self.draft_values())
            else:
                drafts.clear(DRAFT_NAME)
        except OSError:
            pass  # a full or read-only disk must not stop the desk; the form itself still holds the text

    def offer_draft(self) -> bool:
        """After a crash: offer the call that was being typed back into the form."""
        values = drafts.load(DRAFT_NAME)
        if not values or not any(str(values.get(k) or "").strip() for k in ("unit", "caller", "phone", "content")):
            return False
        summary = "　".join(str(values.get(k) or "") for k in ("unit", "caller", "category", "content") if values.get(k))
        if not messages.confirm(self, f"上次有一条来电登记没有保存（{values.get('saved_at', '')}）：\n{summary}\n\n要恢复到表单中继续吗？"):
            drafts.clear(DRAFT_NAME)
            return False
        self.restore_draft(values)
        return True

    def restore_draft(self, values: dict) -> None:
        self.channel.setCurrentText(values.get("channel") or CHANNELS[0])
        if values.get("time"):
            self.time.setDateTime(QDateTime(datetime.fromisoformat(values["time"])))
        self.unit.setText(values.get("unit") or "")
        selected = values.get("selected")
        self.unit.selected = units.Suggestion(**selected) if selected else None
        self.person_id = values.get("person_id")
        self._caller_from_pick = selected.get("person_name", "") if selected else ""
        self._phone_from_pick = selected.get("phone", "") if selected else ""
        for edit, key in ((self.caller, "caller"), (self.phone, "phone"), (self.content, "content"),
                          (self.handling, "handling")):
            edit.setText(values.get(key) or "")
        self.category.setCurrentText(values.get("category") or CATEGORIES[0])
        self.status.setCurrentText(values.get("status") or STATUSES[0])
        self._status_by_category = False
        self.keep_matter_open()  # a draft from before the rule: a 报修 left at 已办结 shows 处理中
        self.unit_changed.emit(self.unit.selected.unit_id if self.unit.selected else None, self.phone.text())
        self.content.setFocus()

    # ---- filling --------------------------------------------------------------------

    def _on_picked(self, suggestion) -> None:
        typed = self.caller.text().strip()
        # A name the receptionist typed (张先生) is who called: kept, and neither the call nor the number
        # goes to the person on the line picked for the unit.
        their_person = not typed or typed in (self._caller_from_pick, suggestion.person_name)
        self.person_id = suggestion.person_id if their_person else None
        if their_person and suggestion.person_name:
            self.caller.setText(suggestion.person_name)
            self._caller_from_pick = suggestion.person_name
        searched = self.unit.searched.strip()  # digits only: a code such as 1-1-1-0101 is not a number
        if len(searched) >= 7 and searched.isdigit() and not self.phone.text().strip():
            # The unit was found by a whole number (the one on the caller-ID): that is who is calling.
            self.phone.setText(searched)
            self._phone_from_pick = searched
        elif their_person and suggestion.phone and self.phone.text().strip() in ("", self._phone_from_pick):
            self.phone.setText(suggestion.phone)
            self._phone_from_pick = suggestion.phone
        if self.person_id:
            with self.ctx.session() as session:
                self._person_phones = set(units.phones_of(session, suggestion.person_id))
        else:
            self._person_phones = set()
        self.unit_changed.emit(suggestion.unit_id, self.phone.text())
        if self.phone.text().strip():  # a number typed (or from the ring) that this person may not have yet
            self._on_phone_done()
        # Skip 来电人/电话 when the pick filled them. The completer hands focus back to 房号 when its
        # list closes (sometimes after this), so the move is also made when 房号 gets focus back.
        self._jump_after_pick = True
        QTimer.singleShot(0, self.focus_after_pick)

    def focus_after_pick(self) -> None:
        nxt = next((edit for edit in (self.caller, self.phone) if not edit.text().strip()), self.category)
        nxt.setFocus(Qt.OtherFocusReason)

    def _announce_unit(self) -> None:
        self.unit_changed.emit(self.typed_unit_id(), self.phone.text())

    def typed_unit_id(self) -> int | None:
        """The unit the field names: the line picked from the list, else what was typed when it names
        exactly one unit (a whole code such as 3-2-1502 and Tab, before the list had time to open)."""
        selected = self.unit.selected
        if selected is not None:
            return selected.unit_id
        text = self.unit.text().strip()
        if not text:
            return None
        if text != self._typed_unit[0]:
            try:
                with self.ctx.session() as session:
                    ref = unit_lookup.resolve_unit_ref(session, text, None)
            except ValidationError:
                ref = None  # not one unit: the save says why, beside the field
            self._typed_unit = (text, ref.id if ref is not None else None)
        return self._typed_unit[1]

    def _on_phone_done(self) -> None:
        phone = clean_phone(self.phone.text())
        is_new = bool(self.person_id and phone and phone.isdigit() and phone not in self._person_phones)
        self.attach_phone.setVisible(is_new)
        if not is_new:
            self.attach_phone.setChecked(False)
        self.unit_changed.emit(self.typed_unit_id(), phone)

    def keep_matter_open(self) -> None:
        """报修/投诉 open a repair order or a complaint, and the call stays 处理中 until that is finished
        (the rule of calls.opens_matter): 状态 shows it now, and 已办结 cannot be chosen meanwhile."""
        opens = calls.opens_matter(self.category.currentText(), self.channel.currentText())
        done = self.status.model().item(self.status.findText(calls.DONE))
        done.setEnabled(not opens)
        done.setToolTip(self._open_reason() if opens else "")
        if opens and self.status.currentText() == calls.DONE:
            self.status.setCurrentText(calls.OPEN)
            self._status_by_category = True
        elif not opens and self._status_by_category:
            self.status.setCurrentText(calls.DONE)  # back to the usual, as the person had not chosen
            self._status_by_category = False

    def _on_status_changed(self, _index: int) -> None:
        self.errors.clear_field("status")
        # Once the person picks another status (待回访), 类别 no longer decides it.
        self._status_by_category = self._status_by_category and self.status.currentText() == calls.OPEN

    def _open_reason(self) -> str:
        return calls.new_matter_status_problem(self.category.currentText(), self.channel.currentText(),
                                               calls.DONE) or ""

    def _say_why_open(self) -> None:
        self.errors.note("status", self._open_reason())

    def _on_time_edited(self, _value) -> None:
        self._time_touched = True

    def refresh_time(self) -> None:
        """Keep the shown time current until the receptionist edits it."""
        if not self._time_touched:
            self.time.blockSignals(True)
            self.time.setDateTime(QDateTime(clock.now()))
            self.time.blockSignals(False)

    def reset(self, forget_draft: bool = True) -> None:
        self._draft_timer.stop()
        self.errors.clear()
        self.channel.setCurrentIndex(0)
        self._time_touched = False
        self.refresh_time()
        self.unit.clear_all()
        for edit in (self.caller, self.phone, self.content, self.handling):
            edit.clear()
        self.category.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self._status_by_category = False
        self.keep_matter_open()
        self.attach_phone.setChecked(False)
        self.attach_phone.hide()
        self.person_id = None
        self._caller_from_pick = self._phone_from_pick = ""
        self.ring_id = None
        self.ring_call_back = False
        self._person_phones = set()
        self._typed_unit = ("", None)
        self.unit.setFocus()
        self.unit_changed.emit(None, "")
        self._draft_timer.stop()
        if forget_draft:
            drafts.clear(DRAFT_NAME)

    def prefill_ring(self, ring_id: int, rang_at, number: str, suggestion: units.Suggestion | None) -> None:
        """A call from a ring: 电话 at the ring's time, the matched unit and caller, the number; the
        receptionist goes on at 类别 (a letter), types what was said and presses Enter."""
        self.reset()
        self.ring_id = ring_id
        self.channel.setCurrentText("电话")
        self.time.setDateTime(QDateTime(rang_at))
        self._time_touched = True
        if suggestion is not None:
            self.unit.choose(suggestion)
        if number.isdigit():
            self.phone.setText(number)
        self._on_phone_done()
        # A known caller: straight on to 类别; an unknown one: first find the unit (by name or room).
        (self.category if suggestion is not None else self.unit).setFocus()

    def form_input(self) -> calls.ContactInput:
        selected = self.unit.selected
        use_selection = selected is not None and self.unit.text().strip() == selected.unit_code
        return calls.ContactInput(
            content=self.content.text(), channel=self.channel.currentText(), category=self.category.currentText(),
            status=self.status.currentText(),
            occurred_at=self.time.dateTime().toPython().replace(second=0, microsecond=0) if self._time_touched else None,
            unit_text=self.unit.text(), unit_id=selected.unit_id if use_selection else None,
            person_id=self.person_id if use_selection else None, caller_name=self.caller.text(),
            phone=self.phone.text(), handling=self.handling.text(),
            attach_phone=self.attach_phone.isChecked(),
        )
