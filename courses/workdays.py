"""Working days: when an offering may be scheduled.

Weekends, the public holidays of Saxony-Anhalt and North Rhine-Westphalia (the states of the
seed projects) and the quiet weeks around the turn of the year are days off. Planned offerings
and the demo schedule both fall on working days only.
"""

import datetime

# Fixed holidays as (month, day); movable ones as days after Easter Sunday (Good Friday, Easter
# Monday, Ascension, Whit Monday, Corpus Christi).
FIXED_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (10, 3), (10, 31), (11, 1), (12, 25), (12, 26)}
EASTER_HOLIDAYS = {-2, 1, 39, 50, 60}


def easter(year: int) -> datetime.date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lam = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lam) // 451
    month, day = divmod(h + lam - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def is_day_off(day: datetime.date) -> bool:
    return (
        day.weekday() >= 5
        or (day.month, day.day) in FIXED_HOLIDAYS
        or (day.month == 12 and day.day >= 21)
        or (day.month == 1 and day.day <= 3)
        or (day - easter(day.year)).days in EASTER_HOLIDAYS
    )


def working_day(day: datetime.date, step: int = 1) -> datetime.date:
    """``day`` itself if it is a working day, else the next one (``step=-1``: the one before)."""
    while is_day_off(day):
        day += datetime.timedelta(days=step)
    return day


def working_days(first: datetime.date, count: int) -> list[datetime.date]:
    """``count`` consecutive working days from ``first`` on (``first`` moved to a working day)."""
    days, day = [], working_day(first)
    while len(days) < count:
        days.append(day)
        day = working_day(day + datetime.timedelta(days=1))
    return days
