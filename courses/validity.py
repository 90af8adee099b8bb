"""Dates of validity: "valid for 36 months" counted in calendar months.

A certificate dated 31 January with one month of validity is valid until 28 (or 29) February:
the day is kept where the month has it, else the month's last day.
"""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(start: datetime.date | None, months: int | None) -> datetime.date | None:
    """The last day of validity of something achieved on ``start``; None for unlimited."""
    if start is None or not months:
        return None
    return add_months(start, months) - datetime.timedelta(days=1)
