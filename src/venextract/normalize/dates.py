"""Calendar arithmetic for periods: the first and last day of years, months, quarters and halves.

Pure functions on :class:`datetime.date`; :mod:`venextract.normalize.period_resolution`
uses them to turn recognised time expressions into day spans.
"""
from __future__ import annotations

import calendar
from datetime import date

__all__ = [
    "add_months",
    "first_months",
    "half_bounds",
    "last_day_of_month",
    "last_months",
    "month_bounds",
    "quarter_bounds",
    "shift_to_year",
    "valid_day",
    "year_bounds",
]

Bounds = tuple[date, date]


def last_day_of_month(year: int, month: int) -> date:
    """The last day of a month.

    >>> last_day_of_month(2024, 2)
    datetime.date(2024, 2, 29)
    >>> last_day_of_month(2023, 4)
    datetime.date(2023, 4, 30)
    """
    return date(year, month, calendar.monthrange(year, month)[1])


def year_bounds(year: int) -> Bounds:
    """First and last day of a year.

    >>> year_bounds(2021)
    (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    """
    return date(year, 1, 1), date(year, 12, 31)


def month_bounds(year: int, month: int) -> Bounds:
    """First and last day of a month.

    >>> month_bounds(2023, 3)
    (datetime.date(2023, 3, 1), datetime.date(2023, 3, 31))
    """
    return date(year, month, 1), last_day_of_month(year, month)


def quarter_bounds(year: int, quarter: int) -> Bounds:
    """First and last day of a quarter (1-4).

    >>> quarter_bounds(2022, 1)
    (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
    >>> quarter_bounds(2021, 3)
    (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    """
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), last_day_of_month(year, first + 2)


def half_bounds(year: int, half: int) -> Bounds:
    """First and last day of a half year (1 or 2).

    >>> half_bounds(2023, 1)
    (datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
    >>> half_bounds(2022, 2)
    (datetime.date(2022, 7, 1), datetime.date(2022, 12, 31))
    """
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def first_months(year: int, n: int) -> Bounds:
    """The first ``n`` months of a year.

    >>> first_months(2022, 5)
    (datetime.date(2022, 1, 1), datetime.date(2022, 5, 31))
    >>> first_months(2021, 9)
    (datetime.date(2021, 1, 1), datetime.date(2021, 9, 30))
    """
    return date(year, 1, 1), last_day_of_month(year, n)


def last_months(year: int, n: int) -> Bounds:
    """The last ``n`` months of a year.

    >>> last_months(2022, 3)
    (datetime.date(2022, 10, 1), datetime.date(2022, 12, 31))
    """
    return date(year, 13 - n, 1), date(year, 12, 31)


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    """The (year, month) ``k`` months after (or before, k < 0) a month.

    >>> add_months(2022, 1, -1)
    (2021, 12)
    >>> add_months(2022, 11, 3)
    (2023, 2)
    """
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def shift_to_year(day: date, year: int) -> date:
    """The same month and day in another year (29 February becomes the 28th).

    >>> shift_to_year(date(2022, 5, 31), 2021)
    datetime.date(2021, 5, 31)
    >>> shift_to_year(date(2024, 2, 29), 2023)
    datetime.date(2023, 2, 28)
    """
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def valid_day(year: int, month: int, day: int) -> bool:
    """Whether year, month and day name a day of the calendar."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
