"""The caller-ID box's lines, a pseudo-terminal standing in for the box, and the loopback hook."""

from __future__ import annotations

import os
import random
import threading
import time
from datetime import datetime
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from frontdesk.db.models.rings import WITHHELD
from frontdesk.errors import DomainError
from frontdesk.services import clock
from frontdesk.services.callerid.hook import RingHook, read_hook, send_ring
from frontdesk.services.callerid.lines import CallerIdParser, normalize_number
from frontdesk.services.callerid.serial_reader import SerialCallerId


def test_a_modem_block_gives_the_number_name_and_time():
    parser = CallerIdParser(line=2)
    with clock.frozen_at(datetime(2026, 12, 1, 14, 30)):
        assert parser.feed("RING") is None
        assert parser.feed("DATE = 1201") is None
        assert parser.feed("TIME = 1405") is None
        assert parser.feed("NAME = ZHANG") is None
        ring = parser.feed(b"NMBR = 138-0000-1111\r")
    assert (ring.number, ring.name, ring.line, ring.at) == ("13800001111", "ZHANG", 2, datetime(2026, 12, 1, 14, 5))


@pytest.mark.parametrize(("line", "number"), [
    ("13800001111", "13800001111"), ("+86 138 0000 1111", "13800001111"), ("0513-8888 6666", "051388886666"),
    ("NMBR = P", WITHHELD), ("NMBR=O", WITHHELD), ("P", WITHHELD), ("CID:13912345678", "13912345678"),
])
def test_bare_numbers_and_withheld_ones(line, number):
    assert CallerIdParser().feed(line).number == number


def test_garbage_never_raises_and_never_rings():
    parser = CallerIdParser()
    rng = random.Random(7)
    alphabet = "ABCDEFGHNMRT=:- \t\x00\xff{}[]!?年月日" + "".join(chr(c) for c in range(32))
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        ring = parser.feed(text)
        assert ring is None or ring.number == WITHHELD or ring.number.isdigit()
    for junk in ("OK", "ERROR", "AT+VCID=1", "DATE = 9999", "NMBR = ", "NMBR = 12", "x" * 500, b"\xff\xfe\x00"):
        assert parser.feed(junk) is None
    assert normalize_number("") == ""


def test_a_box_on_a_serial_port(tmp_path):
    """A pseudo-terminal pair: the test writes what a box would, the reader on the other end rings."""
    master, slave = os.openpty()
    got: list = []
    reader = SerialCallerId(os.ttyname(slave), got.append, init="")
    reader.start()
    try:
        for line in (b"RING\r\n", b"garbage\x00\r\n", b"DATE = 1201\r\nTIME = 0905\r\n", b"NMBR = 13800001111\r\n",
                     b"13912345678\r\n"):
            os.write(master, line)
            time.sleep(0.05)
        deadline = time.monotonic() + 5
        while len(got) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        reader.stop()
        os.close(master)
        os.close(slave)
    assert [r.number for r in got] == ["13800001111", "13912345678"]
    assert reader.state == "已连接"


def test_a_missing_port_is_retried_without_a_crash():
    states: list[str] = []
    reader = SerialCallerId("/dev/frontdesk-no-such-port", lambda _r: None, on_state=states.append)
    reader.start()
    time.sleep(0.8)
    reader.stop()
    assert states and states[0].startswith("未连接")
    assert not reader.thread.is_alive()


def test_the_hook_takes_rings_with_its_token_and_limits_a_flood(tmp_path):
    got: list = []
    hook = RingHook(got.append, tmp_path, per_second=5)
    port = hook.start()
    try:
        assert read_hook(tmp_path)["port"] == port
        assert send_ring(tmp_path, "13800001111", line=3) == "ok"
        assert (got[0].number, got[0].line, got[0].source) == ("13800001111", 3, "本机接口")
        with pytest.raises(HTTPError) as refused:
            urlopen(f"http://127.0.0.1:{port}/ring?number=1380000&token=wrong", timeout=3)
        assert refused.value.code == 403
        refused.value.close()
        statuses = []
        for _ in range(30):  # a runaway client: only a few a second get through
            try:
                with urlopen(f"http://127.0.0.1:{port}/ring?number=13800001111&token={hook.token}",
                             timeout=3) as reply:
                    statuses.append(reply.status)
            except HTTPError as exc:
                statuses.append(exc.code)
                exc.close()
        assert statuses.count(429) >= 20 and len(got) <= 7
        assert hook.server.server_address[0] == "127.0.0.1"
    finally:
        hook.stop()
    assert read_hook(tmp_path) is None
    with pytest.raises(DomainError):
        send_ring(tmp_path, "13800001111")


def test_a_handler_error_does_not_stop_the_hook(tmp_path):
    calls = []

    def broken(ring):
        calls.append(ring)
        raise RuntimeError("boom")

    hook = RingHook(broken, tmp_path)
    hook.start()
    try:
        with pytest.raises(DomainError):
            send_ring(tmp_path, "13800001111")
        threading.Event().wait(0.3)
        assert len(calls) == 1
    finally:
        hook.stop()
