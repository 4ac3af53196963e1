"""Opening hours: is a place open at a given moment, its hours on a day, when it opens next.

Plain Python, no Django. All times are Europe/Istanbul wall-clock times.

A schedule has three layers; for each calendar day the first that applies decides
which intervals *start* on that day:

1. a date exception for that day (closed, or other hours), then
2. a public holiday, for places that close on public holidays (closed), then
3. a dated period such as Ramadan, with its own weekly hours, then
4. the ordinary weekly hours.

An interval whose closing time is not after its opening time runs past midnight
into the next day (22:00–02:00); 00:00–00:00 means the whole day. A night that
started the evening before still counts after midnight, whatever the next day's
layer says: a shelter open Friday 20:00–08:00 is open at 03:00 on a holiday Saturday.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")

#: Monday is 0, as in ``datetime.date.weekday()``.
WEEKDAYS = range(7)

#: How far ahead ``next_opening`` looks before it gives up.
LOOKAHEAD_DAYS = 60

#: How far ``open_until`` follows openings that join up (open day and night).
OPEN_UNTIL_DAYS = 8


def time_parse(value: str) -> datetime.time:
    """ "08:30" -> time(8, 30); "24:00" is accepted as the end of the day (00:00)."""
    text = str(value).strip()
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"Not a time of day (HH:MM): {value!r}")
    h, m = int(hours), int(minutes)
    if (h, m) == (24, 0):
        return datetime.time(0, 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValueError(f"Not a time of day (HH:MM): {value!r}")
    return datetime.time(h, m)


@dataclass(frozen=True)
class Interval:
    """Open from ``opens`` to ``closes``; past midnight when ``closes <= opens``."""

    opens: datetime.time
    closes: datetime.time

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens

    def on(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """The aware start and end of this interval when it starts on ``day``."""
        start = datetime.datetime.combine(day, self.opens, tzinfo=ISTANBUL)
        end_day = day + datetime.timedelta(days=1) if self.crosses_midnight else day
        end = datetime.datetime.combine(end_day, self.closes, tzinfo=ISTANBUL)
        return start, end

    def label(self) -> str:
        """ "08:30–12:30"; a closing at midnight reads "24:00"."""
        closes = "24:00" if self.closes == datetime.time(0) else f"{self.closes:%H:%M}"
        return f"{self.opens:%H:%M}–{closes}"


#: Weekday (0 = Monday) -> the intervals that start on that day.
Weekly = dict[int, tuple[Interval, ...]]


@dataclass(frozen=True)
class DatedPeriod:
    """Other weekly hours between two dates, both included (Ramadan)."""

    start: datetime.date
    end: datetime.date
    weekly: Weekly
    name: str = "ramadan"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Schedule:
    weekly: Weekly = field(default_factory=dict)
    #: date -> intervals that start that day; an empty tuple means closed all day.
    exceptions: dict[datetime.date, tuple[Interval, ...]] = field(default_factory=dict)
    #: public holidays, applied only when ``closed_on_holidays``.
    holidays: frozenset[datetime.date] = frozenset()
    closed_on_holidays: bool = False
    periods: tuple[DatedPeriod, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(self.weekly.values()) and not self.exceptions and not self.periods


class DayKind:
    """Why a day has the hours it has (shown to readers)."""

    REGULAR = "regular"
    EXCEPTION = "exception"
    HOLIDAY = "holiday"
    PERIOD = "period"


def day_rule(schedule: Schedule, day: datetime.date) -> tuple[str, tuple[Interval, ...]]:
    """Which layer decides ``day``, and the intervals that start on it."""
    if day in schedule.exceptions:
        return DayKind.EXCEPTION, schedule.exceptions[day]
    if schedule.closed_on_holidays and day in schedule.holidays:
        return DayKind.HOLIDAY, ()
    for period in schedule.periods:
        if period.covers(day):
            return DayKind.PERIOD, period.weekly.get(day.weekday(), ())
    return DayKind.REGULAR, schedule.weekly.get(day.weekday(), ())


def day_intervals(schedule: Schedule, day: datetime.date) -> tuple[Interval, ...]:
    return day_rule(schedule, day)[1]


def _local(at: datetime.datetime) -> datetime.datetime:
    if at.tzinfo is None:
        raise ValueError("Give an aware datetime (with a time zone).")
    return at.astimezone(ISTANBUL)


def _spans_around(schedule: Schedule, day: datetime.date):
    """Aware (start, end) spans starting the day before ``day`` and on it."""
    for offset in (-1, 0):
        start_day = day + datetime.timedelta(days=offset)
        for interval in day_intervals(schedule, start_day):
            yield interval.on(start_day)


def open_until(schedule: Schedule, at: datetime.datetime) -> datetime.datetime | None:
    """When the place closes next if it is open at ``at``, else None.

    Openings that follow each other without a break count as one (a place open
    00:00–24:00 every day is open until the first day it is not); the search
    stops after ``OPEN_UNTIL_DAYS`` days and returns the end of that run.
    """
    at = _local(at)
    ends = [end for start, end in _spans_around(schedule, at.date()) if start <= at < end]
    if not ends:
        return None
    until = max(ends)
    limit = at + datetime.timedelta(days=OPEN_UNTIL_DAYS)
    while until < limit:
        following = [
            end for start, end in _spans_around(schedule, until.date()) if start <= until < end
        ]
        if not following:
            break
        until = max(following)
    return until


def is_open(schedule: Schedule, at: datetime.datetime) -> bool:
    return open_until(schedule, at) is not None


def next_opening(schedule: Schedule, at: datetime.datetime) -> datetime.datetime | None:
    """The first moment after ``at`` when the place opens (None if not in the next 60 days)."""
    at = _local(at)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = at.date() + datetime.timedelta(days=offset)
        starts = sorted(
            start for start, _end in (i.on(day) for i in day_intervals(schedule, day)) if start > at
        )
        if starts:
            return starts[0]
    return None


@dataclass(frozen=True)
class DayHours:
    day: datetime.date
    kind: str
    intervals: tuple[Interval, ...]

    @property
    def closed(self) -> bool:
        return not self.intervals


def week_from(schedule: Schedule, day: datetime.date) -> list[DayHours]:
    """The hours of seven days from ``day``, with the layer that decided each."""
    result = []
    for offset in range(7):
        current = day + datetime.timedelta(days=offset)
        kind, intervals = day_rule(schedule, current)
        result.append(DayHours(current, kind, intervals))
    return result


# Reading stored data -------------------------------------------------------------


def intervals_parse(rows) -> tuple[Interval, ...]:
    """[["08:30", "12:30"], ["13:30", "17:30"]] -> intervals, checked."""
    intervals = []
    for row in rows or ():
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise ValueError(f"An interval is [opens, closes]: {row!r}")
        intervals.append(Interval(time_parse(row[0]), time_parse(row[1])))
    return tuple(intervals)


def weekly_parse(data) -> Weekly:
    """{"0": [["08:30", "17:30"]], ...} (weekday 0 = Monday) -> Weekly, checked."""
    if not data:
        return {}
    if not isinstance(data, dict):
        raise ValueError("Weekly hours are a mapping of weekday to intervals.")
    weekly: Weekly = {}
    for key, rows in data.items():
        try:
            weekday = int(key)
        except (TypeError, ValueError):
            raise ValueError(f"Not a weekday number: {key!r}") from None
        if weekday not in WEEKDAYS:
            raise ValueError(f"Weekdays run from 0 (Monday) to 6 (Sunday): {key!r}")
        weekly[weekday] = intervals_parse(rows)
    return weekly


def weekly_dump(weekly: Weekly) -> dict[str, list[list[str]]]:
    return {
        str(day): [[f"{i.opens:%H:%M}", f"{i.closes:%H:%M}"] for i in intervals]
        for day, intervals in sorted(weekly.items())
        if intervals
    }


def weekly_to_text(weekly: Weekly) -> str:
    """One line a day, ISO weekday first (1 = Monday): "1 08:30-12:30 13:30-17:30"."""
    lines = []
    for day, intervals in sorted(weekly.items()):
        if intervals:
            spans = " ".join(i.label().replace("–", "-") for i in intervals)
            lines.append(f"{day + 1} {spans}")
    return "\n".join(lines)


class HoursTextError(ValueError):
    """Hours typed as text that cannot be read; ``problem`` says why, ``line`` where."""

    DAY = "day"
    NO_HOURS = "no_hours"
    SPAN = "span"
    TIME = "time"

    def __init__(self, message: str, *, problem: str, line: int = 0):
        super().__init__(message)
        self.problem = problem
        self.line = line


def intervals_from_text(text: str, *, line: int = 0) -> tuple[Interval, ...]:
    """ "08:30-12:30 13:30-17:30" -> intervals; an empty text is no intervals (closed)."""
    prefix = f"Line {line}: " if line else ""
    intervals = []
    for span in str(text).split():
        opens, sep, closes = span.partition("-")
        if not sep:
            raise HoursTextError(
                f"{prefix}write hours as 08:30-17:30.", problem=HoursTextError.SPAN, line=line
            )
        try:
            intervals.append(Interval(time_parse(opens), time_parse(closes)))
        except ValueError:
            raise HoursTextError(
                f"{prefix}write times as HH:MM, like 08:30.", problem=HoursTextError.TIME, line=line
            ) from None
    return tuple(intervals)


def weekly_from_text(text: str) -> Weekly:
    """Read what ``weekly_to_text`` writes; HoursTextError with the line that is wrong."""
    weekly: Weekly = {}
    for number, line in enumerate(str(text).splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if not parts[0].isdigit() or not 1 <= int(parts[0]) <= 7:
            raise HoursTextError(
                f"Line {number}: start with the day, 1 (Monday) to 7 (Sunday).",
                problem=HoursTextError.DAY,
                line=number,
            )
        if len(parts) == 1:
            raise HoursTextError(
                f"Line {number}: give the hours, like 08:30-17:30.",
                problem=HoursTextError.NO_HOURS,
                line=number,
            )
        day = int(parts[0]) - 1
        weekly[day] = weekly.get(day, ()) + intervals_from_text(" ".join(parts[1:]), line=number)
    return weekly
