"""Ten typical calls logged with the keyboard alone: field stops and keystrokes per call.

A *stop* is a field where the receptionist presses a key; *keystrokes* count every key, with Chinese
text costed as its pinyin letters plus one key to commit it (as a pinyin input method needs).
The figures are printed (pytest -s) and kept in README; the test holds every call to ≤ 4 stops.
"""

from dataclasses import dataclass, field

from pypinyin import lazy_pinyin
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from frontdesk.db.models import Contact, Occupancy, Person, PersonPhone, Unit

MAX_STOPS = 4


@dataclass
class Desk:
    qtbot: object
    window: object
    typist: object
    keys: int = 0
    text_keys: int = 0  # of which: writing what the caller said
    fields: list[str] = field(default_factory=list)

    def _at(self, widget) -> None:
        name = widget.objectName() or "call_unit"  # the unit's list window belongs to 房号
        if not self.fields or self.fields[-1] != name:
            self.fields.append(name)

    def focus(self):
        return self.window.focusWidget()

    def type(self, text: str) -> None:
        widget = self.focus()
        self._at(widget)
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
            self.keys += len(text)
        else:
            self.typist(widget, text)
            cost = sum(len(p) for p in lazy_pinyin(text)) + 1
            self.keys += cost
            if widget.objectName() in ("call_content", "call_handling"):
                self.text_keys += cost

    def press(self, key, modifier=Qt.NoModifier) -> None:
        widget = self.focus()
        self._at(widget)
        self.qtbot.keyClick(widget, key, modifier)
        self.keys += 1 if modifier == Qt.NoModifier else 2

    def pick(self, lookup: str, unit_code: str) -> None:
        """Type into 房号, then Enter on the list (the top line is highlighted; ↓ to the wanted line)."""
        form = self.window.tab("来电来访").form
        self.type(lookup)
        form.unit.update_suggestions()
        popup = form.unit.completer().popup()
        self.qtbot.waitUntil(popup.isVisible, timeout=2000)
        self.qtbot.wait(30)  # offscreen activates the list window late
        labels = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
        line = next(i for i, label in enumerate(labels) if label.startswith(unit_code + " "))
        for _ in range(line):
            self.qtbot.keyClick(popup, Qt.Key_Down)
            self.keys += 1
        self.qtbot.keyClick(popup, Qt.Key_Return)
        self.keys += 1
        self.qtbot.waitUntil(lambda: form.unit.text() == unit_code, timeout=2000)
        self.qtbot.waitUntil(lambda: self.focus() is not form.unit, timeout=2000)


def _owners(db, count: int):
    with db.session(system=True) as s:
        rows = s.execute(
            select(Unit.code, Person.name, Person.name_initials, func.min(PersonPhone.phone))
            .join(Occupancy, Occupancy.unit_id == Unit.id).join(Person, Person.id == Occupancy.person_id)
            .join(PersonPhone, PersonPhone.person_id == Person.id)
            .where(Occupancy.relation == "业主").group_by(Unit.code, Person.name, Person.name_initials)
            .order_by(Unit.code).limit(count)
        ).all()
    return rows


def test_ten_typical_calls_take_at_most_four_stops(window, qtbot, demo_db, typist):
    owners = _owners(demo_db, 40)[::4]
    calls = [
        # (what, lookup kind, category key, content, handling, extra)
        ("报修，按房号", "code", "b", "厨房水管漏水", "", ""),
        ("咨询，按拼音首字母", "initials", "", "物业费怎么交", "", ""),
        ("投诉，按电话尾号", "phone", "t", "楼上装修噪音太大", "", ""),
        ("缴费，按房号", "code", "f", "询问物业费欠费金额", "", ""),
        ("表扬，按拼音首字母", "initials", "y", "表扬保安帮忙搬东西", "", ""),
        ("建议，按业主姓名", "name", "j", "建议增加快递柜", "", ""),
        ("报修并写处理情况", "code", "b", "卫生间漏水到楼下", "已通知工程部", ""),
        ("来访（改方式）", "phone", "z", "来问装修审批", "", "visit"),
        ("不涉及房屋的咨询", None, "", "问开发商电话", "", ""),
        ("咨询，按房号", "code", "", "问维修进度", "", ""),
    ]
    tab = window.show_tab("来电来访")
    form = tab.form
    results = []
    for (what, lookup, category, content, handling, extra), owner in zip(calls, owners, strict=False):
        code, name, initials, phone = owner
        desk = Desk(qtbot, window, typist)
        qtbot.waitUntil(lambda: window.focusWidget() is form.unit, timeout=2000)
        if lookup is None:
            desk.press(Qt.Key_N, Qt.AltModifier)  # straight to 内容
        else:
            key = {"code": code, "initials": initials.split()[0], "phone": phone[-4:], "name": name}[lookup]
            desk.pick(key, code)
            assert window.focusWidget() is form.category, "a pick that filled 来电人/电话 lands on 类别"
            if category:
                desk.type(category)
            desk.press(Qt.Key_Tab)
        desk.type(content)
        if handling:
            desk.press(Qt.Key_Tab)
            desk.type(handling)
        if extra == "visit":
            desk.press(Qt.Key_W, Qt.AltModifier)
            desk.type("2")  # 来访
        desk.press(Qt.Key_Return)
        with demo_db.session(system=True) as s:
            saved = s.scalars(select(Contact).order_by(Contact.id.desc())).first()
            assert saved.content == content and (lookup is None or saved.unit_id is not None), what
            if extra == "visit":
                assert saved.channel == "来访"
        results.append((what, len(desk.fields), desk.keys, desk.keys - desk.text_keys))
        assert len(desk.fields) <= MAX_STOPS, (what, desk.fields)

    print("\n| 典型来电 | 停留字段 | 按键合计 | 其中查房号、选类别、跳转、保存 |\n|---|---|---|---|")
    for what, stops, keys, moves in results:
        print(f"| {what} | {stops} | {keys} | {moves} |")
    n = len(results)
    print(f"| 平均 | {sum(r[1] for r in results) / n:.1f} | {sum(r[2] for r in results) / n:.1f} | "
          f"{sum(r[3] for r in results) / n:.1f} |")
    assert len(results) == 10
