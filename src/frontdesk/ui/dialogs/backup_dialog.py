"""工具 → 备份与恢复: back up now, restore from a backup, the second backup folder, the check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)
from sqlalchemy.exc import SQLAlchemyError

from frontdesk import config, failures
from frontdesk.db import auto_backup, backup, manifest
from frontdesk.errors import DomainError
from frontdesk.services import authz, backups
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.unsaved import GuardedDialog


class BackupDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("备份与恢复")
        fit_to_screen(self, 680, 460)
        self.list = QListWidget()
        self.second = QLineEdit(config.load_local_settings().get(auto_backup.SECOND_FOLDER_KEY, ""))
        self.second.setPlaceholderText("第二备份位置（U 盘或网络共享文件夹），可空")
        save_second = QPushButton("保存位置")
        save_second.clicked.connect(self.save_second_folder)
        backup_now = QPushButton("立即备份…")
        backup_now.clicked.connect(self._choose_backup)
        restore = QPushButton("从备份恢复…")
        restore.clicked.connect(self._choose_restore)
        check = QPushButton("检查数据库")
        check.clicked.connect(self.check)
        second_row = QHBoxLayout()
        second_row.addWidget(self.second, 1)
        second_row.addWidget(save_second)
        buttons = QHBoxLayout()
        buttons.addWidget(check)
        buttons.addStretch(1)
        buttons.addWidget(backup_now)
        buttons.addWidget(restore)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"自动备份：每天第一次打开和退出时，保留 30 份每日备份和 12 份每月备份，位于 {config.backups_dir()}"))
        layout.addWidget(self.list, 1)
        layout.addLayout(second_row)
        layout.addLayout(buttons)
        self.task = None
        self.reload()
        self.remember_input(self.second)  # a second folder typed and not yet saved with 保存位置

    def reload(self) -> None:
        self.list.clear()
        for path in auto_backup.list_backups():
            self.list.addItem(f"{path.name}    {path.stat().st_size / 1_048_576:.1f} MB")

    def save_second_folder(self) -> None:
        stored = config.load_local_settings()
        stored[auto_backup.SECOND_FOLDER_KEY] = self.second.text().strip()
        config.save_local_settings(stored)
        self.remember_input(self.second)
        messages.info(self, "第二备份位置已保存。")

    def _permitted(self, permission: str) -> bool:
        if authz.allowed(self.ctx.user.role, permission):
            return True
        messages.warning(self, f"您的岗位是“{self.ctx.user.role}”，备份与恢复由管理员办理。")
        return False

    def _choose_backup(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self, "备份到", str(backup.default_backup_path()), "数据库备份 (*.db)")
        if path:
            self.backup_to(Path(path))

    def backup_to(self, out: Path):
        if not self._permitted("backups"):
            return None
        db, open_session = self.ctx.db, self.ctx.session_opener()

        who = self.ctx.user.name

        def work(progress):
            return backups.backup_to(open_session, db, out, progress=lambda done, total: progress(done, total), who=who)

        self.task = run_task(self, "正在备份…", work,
                             on_done=lambda p: (messages.info(self, f"已备份到 {p}"), self.reload()),
                             on_error=lambda text: messages.warning(self, text))
        return self.task

    def _choose_restore(self) -> None:
        path, _ = file_dialogs.get_open_file_name(self, "选择备份文件", str(config.backups_dir()), "数据库备份 (*.db)")
        if path:
            self.restore_from(Path(path))

    def restore_from(self, source: Path) -> bool:
        if not self._permitted("restore"):
            return False
        if not messages.confirm(self, f"用 {source.name} 替换当前数据库吗？当前数据库会先另存为备份。恢复后程序将关闭，请重新打开。"):
            return False
        try:
            kept = self._restore(source, force_unverified=False)
        except manifest.UnverifiedBackup as exc:
            # Only the administrator gets here (_permitted); forcing needs a second, explicit yes.
            if not messages.confirm(self, exc.message.split("请选择")[0] + "\n\n仍要用这个无法校验的文件替换当前数据库吗？"
                                    "如果文件不完整或被改动过，恢复后的数据也会是错的。"):
                return False
            try:
                kept = self._restore(source, force_unverified=True)
            except DomainError as again:
                messages.warning(self, again.message)
                return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        messages.info(self, f"已恢复。原数据库已另存为 {kept}。程序将关闭，请重新打开。")
        window = self.parent()
        if window is not None:
            window.skip_exit_backup = True
            window.close()
        return True

    def _restore(self, source: Path, force_unverified: bool) -> Path:
        try:
            return backups.restore_from(self.ctx.session, self.ctx.db, source, force_unverified=force_unverified,
                                        who=self.ctx.user.name)
        except (OSError, SQLAlchemyError, sqlite3.Error) as exc:
            raise DomainError(failures.describe(exc).message) from None

    def check(self) -> None:
        report = backup.check(self.ctx.db)
        if report.ok:
            messages.info(self, "检查通过：数据库完整，没有发现问题。")
        else:
            messages.warning(self, "发现问题：\n" + "\n".join(report.problems[:20]))


def open_backup_dialog(window) -> None:
    BackupDialog(window.ctx, window).exec()
