"""The loopback hook: a SIP softphone or the office PBX calls `GET /ring?number=…&token=…` on an
incoming call. Bound to 127.0.0.1 only, off unless switched on, with a shared token, and limited to a
few rings a second so a runaway client cannot flood the desk."""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from frontdesk.services.callerid.lines import RingEvent, normalize_number

log = logging.getLogger(__name__)
HOOK_FILE = "ring-hook.json"  # in the data directory: the port and token `frontdesk ring` uses
MAX_PER_SECOND = 5


def hook_file(data_dir: Path) -> Path:
    return data_dir / HOOK_FILE


def read_hook(data_dir: Path) -> dict | None:
    try:
        return json.loads(hook_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class _RateLimit:
    def __init__(self, per_second: int):
        self.per_second, self.lock = per_second, threading.Lock()
        self.stamps: list[float] = []

    def allow(self) -> bool:
        now = time.monotonic()
        with self.lock:
            self.stamps = [t for t in self.stamps if now - t < 1.0]
            if len(self.stamps) >= self.per_second:
                return False
            self.stamps.append(now)
            return True


class RingHook:
    """Start it with `start()`; it writes the data directory's ring-hook.json and removes it on stop."""

    def __init__(self, on_ring: Callable[[RingEvent], None], data_dir: Path, port: int = 0,
                 per_second: int = MAX_PER_SECOND):
        self.on_ring, self.data_dir, self.port = on_ring, data_dir, port
        self.token = secrets.token_urlsafe(16)
        self.limit = _RateLimit(per_second)
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> int:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                if url.path != "/ring":
                    return self._reply(404, "not found")
                if not secrets.compare_digest(query.get("token", ""), hook.token):
                    return self._reply(403, "bad token")
                if not hook.limit.allow():
                    return self._reply(429, "too many rings")
                number = normalize_number(query.get("number", ""))
                if query.get("number", "").strip().upper() in ("P", "O", "PRIVATE", "ANONYMOUS"):
                    from frontdesk.db.models.rings import WITHHELD

                    number = WITHHELD
                if not number:
                    return self._reply(400, "number missing")
                try:
                    line = max(1, min(99, int(query.get("line", "1"))))
                except ValueError:
                    line = 1
                try:
                    hook.on_ring(RingEvent(number=number, line=line, source="本机接口"))
                except Exception:  # the desk must keep running whatever the handler does
                    log.exception("ring handler failed")
                    return self._reply(500, "error")
                return self._reply(200, "ok")

            def _reply(self, status: int, text: str) -> None:
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt, *args):  # into the desk's log, not stderr
                log.debug("ring hook: " + fmt, *args)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="ring-hook", daemon=True)
        self.thread.start()
        from frontdesk.config import write_private_text

        write_private_text(hook_file(self.data_dir), json.dumps({"port": self.port, "token": self.token}))
        return self.port

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with contextlib.suppress(OSError):  # already gone
            hook_file(self.data_dir).unlink()


def send_ring(data_dir: Path, number: str, line: int = 1, timeout: float = 3.0) -> str:
    """What `frontdesk ring` does: ring the running desk through its hook; returns the hook's answer."""
    from urllib.error import HTTPError, URLError
    from urllib.parse import urlencode
    from urllib.request import urlopen

    from frontdesk.errors import DomainError

    hook = read_hook(data_dir)
    if not hook:
        raise DomainError("没有找到正在运行、打开了来电接口的前台程序。请用 frontdesk gui --ring-hook 启动，"
                          "或在 工具 → 来电弹屏 中打开本机接口。")
    query = urlencode({"number": number, "line": line, "token": hook["token"]})
    try:
        with urlopen(f"http://127.0.0.1:{hook['port']}/ring?{query}", timeout=timeout) as reply:
            return reply.read().decode()
    except HTTPError as exc:
        with exc:
            reason = exc.read().decode(errors="replace")
        raise DomainError(f"前台程序拒绝了这次来电（{exc.code}）：{reason}") from None
    except (URLError, OSError) as exc:
        raise DomainError(f"连不上前台程序的来电接口（{exc}）。程序可能已关闭，请重新启动后再试。") from None
