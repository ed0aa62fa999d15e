"""来电弹屏's sources: caller-ID boxes on a serial port and a loopback hook for phone systems.

Qt-free: each source calls `on_ring(RingEvent)` from its own thread; the window turns that into a
signal for the GUI thread (ui/callerid.py).
"""

from frontdesk.services.callerid.lines import CallerIdParser, RingEvent, normalize_number

__all__ = ["CallerIdParser", "RingEvent", "normalize_number"]
