"""Argument types shared by the subcommands: values go through the application's one parser."""

from __future__ import annotations

import argparse
from datetime import date

from frontdesk.errors import ValueProblem


def day(text: str) -> date:
    """A date in any form the desk writes (2026-01-31, 2026/1/31, 2026年1月31日, 20260131)."""
    from frontdesk.services.dates import parse_date

    try:
        return parse_date(text)
    except ValueProblem as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
