"""Working days: when an offering may be scheduled, and when an answer is due.

Weekends and public holidays are days off. Public holidays differ by state: ``state`` is the
state's code (``"ST"`` Saxony-Anhalt, ``"NW"`` North Rhine-Westphalia, the states of the seed
projects; ``STATE_OF_REGION`` maps their region slugs). Without a state (``state=None``, the
default and the behaviour before states were told apart) the holidays of both seed states count,
so that an offering planned for either state never falls on a holiday of one of them. A state we
have no list for gets the nationwide holidays only.

Planned offerings and the demo schedule also skip the quiet weeks around the turn of the year
(``is_day_off``); a due date counts public holidays and weekends only (``add_working_days``),
because the coordination works between the years.
"""

import datetime

# Nationwide: fixed as (month, day); movable ones as days after Easter Sunday (Good Friday,
# Easter Monday, Ascension, Whit Monday).
NATIONWIDE_FIXED = {(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)}
NATIONWIDE_EASTER = {-2, 1, 39, 50}

#: state code -> (extra fixed holidays, extra days after Easter)
STATE_HOLIDAYS = {
    # Epiphany, Reformation Day.
    "ST": ({(1, 6), (10, 31)}, set()),
    # All Saints; Corpus Christi.
    "NW": ({(11, 1)}, {60}),
}
#: slug of a state's region (``portal.Region``) -> its state code here.
STATE_OF_REGION = {"sachsen-anhalt": "ST", "nordrhein-westfalen": "NW"}

# Both seed states together: what ``state=None`` has always meant.
FIXED_HOLIDAYS = NATIONWIDE_FIXED.union(*(fixed for fixed, _ in STATE_HOLIDAYS.values()))
EASTER_HOLIDAYS = NATIONWIDE_EASTER.union(*(easter for _, easter in STATE_HOLIDAYS.values()))


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


def _holidays(state):
    if state is None:
        return FIXED_HOLIDAYS, EASTER_HOLIDAYS
    fixed, after_easter = STATE_HOLIDAYS.get(state, (set(), set()))
    return NATIONWIDE_FIXED | fixed, NATIONWIDE_EASTER | after_easter


def is_public_holiday(day: datetime.date, state: str | None = None) -> bool:
    """A public holiday in ``state`` (``None``: in either seed state)."""
    fixed, after_easter = _holidays(state)
    return (day.month, day.day) in fixed or (day - easter(day.year)).days in after_easter


def is_day_off(day: datetime.date, state: str | None = None) -> bool:
    """No offering on this day: weekend, public holiday or the quiet weeks at the year's turn."""
    return (
        day.weekday() >= 5
        or is_public_holiday(day, state)
        or (day.month == 12 and day.day >= 21)
        or (day.month == 1 and day.day <= 3)
    )


def working_day(day: datetime.date, step: int = 1, state: str | None = None) -> datetime.date:
    """``day`` itself if it is a working day, else the next one (``step=-1``: the one before)."""
    while is_day_off(day, state):
        day += datetime.timedelta(days=step)
    return day


def working_days(
    first: datetime.date, count: int, state: str | None = None
) -> list[datetime.date]:
    """``count`` consecutive working days from ``first`` on (``first`` moved to a working day)."""
    days, day = [], working_day(first, state=state)
    while len(days) < count:
        days.append(day)
        day = working_day(day + datetime.timedelta(days=1), state=state)
    return days


def add_working_days(day: datetime.date, count: int, state: str | None = None) -> datetime.date:
    """The ``count``-th day after ``day`` that is neither a weekend nor a public holiday of
    ``state`` (``day`` itself does not count; ``count=0``: ``day``)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and not is_public_holiday(day, state):
            count -= 1
    return day
