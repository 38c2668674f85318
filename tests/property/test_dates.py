"""Adding months keeps the month-end rule: the same day in the month reached, or that month's last
day when it has no such day — checked against the calendar for any date and any number of months."""
from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lovkode.values import add_months


@given(day=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), months=st.integers(-1200, 1200))
@example(day=dt.date(9999, 12, 31), months=1)
@example(day=dt.date(1, 1, 1), months=-1)
@example(day=dt.date(2024, 1, 31), months=1)
def test_adding_months_lands_on_the_same_day_or_the_month_end(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        with pytest.raises(OverflowError):  # off the calendar: undefined arithmetic, never another date
            add_months(day, months)
        return
    last = calendar.monthrange(year, month + 1)[1]
    assert add_months(day, months) == dt.date(year, month + 1, min(day.day, last))
