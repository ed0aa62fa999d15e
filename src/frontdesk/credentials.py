"""Where the shared PostgreSQL server's password is kept: never in settings.json.

The OS credential store through `keyring` (Windows Credential Manager, macOS Keychain, the Secret
Service on a Linux desktop). Where no store exists (a bare Linux box), a file in the data
directory readable by this user only (0600), and a warning that says so.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from frontdesk import config

SERVICE = "frontdesk"
FALLBACK_FILE = "credentials.json"
FALLBACK_WARNING = ("这台电脑没有系统密码库（钥匙串/凭据管理器），数据库密码保存在数据目录的 credentials.json 中，"
                    "只有当前登录的系统用户能读取。请勿把数据目录共享给他人。")

log = logging.getLogger("frontdesk")


def _keyring():
    """The usable keyring backend, or None (none installed, or only the "fail"/"null" ones)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration must not stop the desk
        log.warning("系统密码库不可用", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def _fallback_path() -> Path:
    return config.data_dir() / FALLBACK_FILE


def _read_fallback() -> dict[str, str]:
    path = _fallback_path()
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def store(account: str, password: str) -> str | None:
    """Keep `password` for `account` (user@host:port/database); returns a warning when only the file holds it."""
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(SERVICE, account, password)
        except Exception:  # locked or refusing store: fall back to the private file below
            log.warning("系统密码库拒绝保存，改存到仅本用户可读的文件", exc_info=True)
        else:
            _forget_in_file(account)
            return None
    values = _read_fallback()
    values[account] = password
    config.write_private_text(_fallback_path(), json.dumps(values, ensure_ascii=False, indent=2))
    log.warning(FALLBACK_WARNING)
    return FALLBACK_WARNING


def load(account: str) -> str | None:
    backend = _keyring()
    if backend is not None:
        try:
            found = backend.get_password(SERVICE, account)
        except Exception:
            log.warning("读取系统密码库失败", exc_info=True)
            found = None
        if found is not None:
            return found
    return _read_fallback().get(account)


def _forget_in_file(account: str) -> None:
    values = _read_fallback()
    if values.pop(account, None) is not None:
        config.write_private_text(_fallback_path(), json.dumps(values, ensure_ascii=False, indent=2))
