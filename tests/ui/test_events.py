"""The window's event bus: typed topics, and none that nothing listens to."""

import re
from pathlib import Path

import frontdesk.ui
from frontdesk.ui.context import Topic

UI = Path(frontdesk.ui.__file__).parent


def test_every_topic_is_sent_and_heard():
    source = "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))
    sent = set(re.findall(r"changed\.emit\(Topic\.(\w+)\)", source))
    heard = set(re.findall(r"what (?:is|in) \(?((?:Topic\.\w+(?:, )?)+)", source))
    heard = {name for group in heard for name in re.findall(r"Topic\.(\w+)", group)}
    assert sent == heard == {t.name for t in Topic}
    assert not re.search(r"changed\.emit\([\"']", source), "events are Topic members, not strings"


def test_a_saved_call_refreshes_the_ledger(window, qtbot):
    tab = window.show_tab("来电来访")
    before = tab.ledger_model.total
    tab.form.content.setText("咨询停车办理")
    tab.save_call()
    assert tab.ledger_model.total == before + 1
