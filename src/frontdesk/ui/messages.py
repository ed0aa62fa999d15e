"""Every dialog that asks or tells goes through here, so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

TITLE = "物业客服前台"


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, TITLE, text)


def warning(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, TITLE, text)


def error(parent: QWidget | None, text: str) -> None:
    QMessageBox.critical(parent, TITLE, text)


def confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(parent, TITLE, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


DISCARD_QUESTION = "有未保存的内容，确定放弃？"


def confirm_discard(parent: QWidget | None, where: list[str] | tuple[str, ...] = ()) -> bool:
    """The one question asked before typed work is thrown away (close, Esc, 切换用户, Ctrl+Q);
    `where` names the open dialogs holding it."""
    detail = f"\n（尚未保存：{'、'.join(f'“{w}”' for w in where)}）" if where else ""
    return confirm(parent, DISCARD_QUESTION + detail)


def offer_folder(parent: QWidget | None, text: str) -> bool:
    """A file could not be opened: say so, and offer 打开所在文件夹 (True when chosen)."""
    box = QMessageBox(QMessageBox.Information, TITLE, text, QMessageBox.NoButton, parent)
    folder = box.addButton("打开所在文件夹", QMessageBox.AcceptRole)
    box.addButton("关闭", QMessageBox.RejectRole)
    box.exec()
    return box.clickedButton() is folder


def ask_text(parent: QWidget | None, label: str, text: str = "") -> str | None:
    """One line of text (None when cancelled). Esc or close with something typed asks before dropping it."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(TITLE)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    while True:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.textValue()
        typed = dialog.textValue().strip()
        if not typed or typed == text.strip() or confirm_discard(parent):
            return None


def ask_item(parent: QWidget | None, label: str, items: list[str], current: int = 0) -> str | None:
    value, ok = QInputDialog.getItem(parent, TITLE, label, items, current, False)
    return value if ok else None
