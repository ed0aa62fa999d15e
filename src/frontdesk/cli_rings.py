"""`frontdesk ring NUMBER [--line N]`: ring the running desk through its loopback hook (for the demo,
the tests and IT checking a phone system's set-up)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    ring = sub.add_parser("ring", parents=[common], help="向正在运行的前台程序发送一次来电（需 gui --ring-hook）")
    ring.add_argument("number", help="来电号码，例如 13800001111；私密号码写 P")
    ring.add_argument("--line", type=int, default=1, help="线路号（多条电话线时），默认 1")

    def cmd_ring(args: argparse.Namespace) -> int:
        from frontdesk import config
        from frontdesk.services.callerid.hook import send_ring

        send_ring(config.data_dir(), args.number, args.line)
        print(f"已向前台程序发送来电：{args.number}（线路 {args.line}）")
        return 0

    ring.set_defaults(handler=cmd_ring)
