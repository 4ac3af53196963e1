"""Opening hours: across midnight, holidays, date exceptions and Ramadan (pure module)."""

import datetime

import pytest

from rehber.directory import hours
from rehber.directory.hours import DatedPeriod, DayKind, Interval, Schedule, time_parse

IST = hours.ISTANBUL
UTC = datetime.UTC

# 2026-12-07 is a Monday.
MONDAY = datetime.date(2026, 12, 7)


def at(day: datetime.date, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hh, mm), tzinfo=IST)


def weekly(spec: dict[int, list[tuple[str, str]]]) -> hours.Weekly:
    return {
        day: tuple(Interval(time_parse(a), time_parse(b)) for a, b in rows)
        for day, rows in spec.items()
    }


OFFICE = weekly({d: [("08:30", "12:30"), ("13:30", "17:30")] for d in range(5)})
NIGHT = weekly({4: [("20:00", "08:00")], 5: [("20:00", "08:00")]})  # Friday and Saturday nights
ALWAYS = weekly({d: [("00:00", "24:00")] for d in range(7)})


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, 8, 29), False),
        (at(MONDAY, 8, 30), True),
        (at(MONDAY, 12, 30), False),  # the lunch break starts at the closing minute
        (at(MONDAY, 13, 0), False),
        (at(MONDAY, 17, 29), True),
        (at(MONDAY, 17, 30), False),
        (at(MONDAY + datetime.timedelta(days=5), 10), False),  # Saturday
    ],
)
def test_office_hours_with_a_lunch_break(moment, expected):
    assert hours.is_open(Schedule(weekly=OFFICE), moment) is expected


def test_an_interval_crosses_midnight_into_the_next_day():
    schedule = Schedule(weekly=NIGHT)
    friday, saturday, sunday = (MONDAY + datetime.timedelta(days=n) for n in (4, 5, 6))
    assert not hours.is_open(schedule, at(friday, 19, 59))
    assert hours.is_open(schedule, at(friday, 23, 59))
    assert hours.is_open(schedule, at(saturday, 3))  # Friday's night, after midnight
    assert hours.open_until(schedule, at(saturday, 3)) == at(saturday, 8)
    assert not hours.is_open(schedule, at(saturday, 8))
    assert hours.is_open(schedule, at(sunday, 7, 59))  # Saturday's night
    assert not hours.is_open(schedule, at(sunday, 20))  # no night starts on Sunday
    assert not hours.is_open(schedule, at(MONDAY, 3))


def test_midnight_to_midnight_is_the_whole_day():
    schedule = Schedule(weekly=ALWAYS)
    for hh in (0, 6, 12, 23):
        assert hours.is_open(schedule, at(MONDAY, hh, 59))
    assert hours.day_intervals(schedule, MONDAY)[0].on(MONDAY) == (
        at(MONDAY, 0),
        at(MONDAY + datetime.timedelta(1), 0),
    )


def test_the_moment_is_read_in_istanbul_time_whatever_its_zone():
    schedule = Schedule(weekly=OFFICE)
    # 06:00 UTC is 09:00 in Istanbul (UTC+3 all year).
    assert hours.is_open(schedule, datetime.datetime(2026, 12, 7, 6, 0, tzinfo=UTC))
    assert not hours.is_open(schedule, datetime.datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="aware"):
        hours.is_open(schedule, datetime.datetime(2026, 12, 7, 9, 0))  # noqa: DTZ001


def test_a_public_holiday_closes_places_that_close_on_holidays():
    holiday = MONDAY
    closing = Schedule(weekly=OFFICE, holidays=frozenset({holiday}), closed_on_holidays=True)
    staying = Schedule(weekly=OFFICE, holidays=frozenset({holiday}), closed_on_holidays=False)
    assert not hours.is_open(closing, at(holiday, 10))
    assert hours.is_open(staying, at(holiday, 10))
    assert hours.day_rule(closing, holiday) == (DayKind.HOLIDAY, ())
    assert hours.next_opening(closing, at(holiday, 10)) == at(
        holiday + datetime.timedelta(1), 8, 30
    )


def test_a_night_that_started_before_a_holiday_still_counts_after_midnight():
    saturday = MONDAY + datetime.timedelta(days=5)
    schedule = Schedule(weekly=NIGHT, holidays=frozenset({saturday}), closed_on_holidays=True)
    assert hours.is_open(schedule, at(saturday, 3))
    assert not hours.is_open(schedule, at(saturday, 21))  # no night starts on the holiday


def test_a_date_exception_overrides_holidays_and_weekly_hours():
    schedule = Schedule(
        weekly=OFFICE,
        holidays=frozenset({MONDAY}),
        closed_on_holidays=True,
        exceptions={
            MONDAY: (Interval(datetime.time(10), datetime.time(13)),),
            MONDAY + datetime.timedelta(1): (),  # closed all Tuesday
        },
    )
    assert hours.is_open(schedule, at(MONDAY, 12))
    assert not hours.is_open(schedule, at(MONDAY, 14))
    assert not hours.is_open(schedule, at(MONDAY + datetime.timedelta(1), 10))
    assert hours.day_rule(schedule, MONDAY)[0] == DayKind.EXCEPTION


RAMADAN = DatedPeriod(
    start=datetime.date(2027, 2, 8),
    end=datetime.date(2027, 3, 9),
    weekly=weekly({d: [("10:00", "15:00")] for d in range(5)}),
)


def test_ramadan_hours_replace_the_weekly_hours_between_its_dates():
    schedule = Schedule(weekly=OFFICE, periods=(RAMADAN,))
    first_day, last_day = datetime.date(2027, 2, 8), datetime.date(2027, 3, 9)  # Mon, Tue
    before = first_day - datetime.timedelta(days=4)  # Thursday before
    assert hours.is_open(schedule, at(before, 9))
    assert not hours.is_open(schedule, at(first_day, 9))
    assert hours.is_open(schedule, at(first_day, 14, 59))
    assert not hours.is_open(schedule, at(first_day, 16))
    assert hours.is_open(schedule, at(last_day, 10))
    after = last_day + datetime.timedelta(days=1)
    assert hours.is_open(schedule, at(after, 9))
    assert hours.day_rule(schedule, first_day)[0] == DayKind.PERIOD


def test_holiday_beats_ramadan_hours():
    feast = datetime.date(2027, 3, 9)
    schedule = Schedule(
        weekly=OFFICE, periods=(RAMADAN,), holidays=frozenset({feast}), closed_on_holidays=True
    )
    assert not hours.is_open(schedule, at(feast, 11))


def test_ramadan_night_hours_cross_midnight():
    period = DatedPeriod(
        start=datetime.date(2027, 2, 8),
        end=datetime.date(2027, 3, 9),
        weekly=weekly({d: [("21:00", "02:00")] for d in range(7)}),
    )
    schedule = Schedule(weekly=OFFICE, periods=(period,))
    assert hours.is_open(schedule, at(datetime.date(2027, 2, 9), 1, 30))
    # The last Ramadan night runs into the day after Ramadan.
    assert hours.is_open(schedule, at(datetime.date(2027, 3, 10), 1))


def test_next_opening_skips_the_weekend_and_lunch():
    schedule = Schedule(weekly=OFFICE)
    friday = MONDAY + datetime.timedelta(days=4)
    assert hours.next_opening(schedule, at(friday, 18)) == at(MONDAY + datetime.timedelta(7), 8, 30)
    assert hours.next_opening(schedule, at(MONDAY, 12, 45)) == at(MONDAY, 13, 30)
    assert hours.next_opening(Schedule(), at(MONDAY, 9)) is None


def test_the_week_lists_seven_days_with_the_reason_for_each():
    schedule = Schedule(weekly=OFFICE, holidays=frozenset({MONDAY}), closed_on_holidays=True)
    week = hours.week_from(schedule, MONDAY)
    assert [day.day for day in week] == [MONDAY + datetime.timedelta(n) for n in range(7)]
    assert week[0].kind == DayKind.HOLIDAY and week[0].closed
    assert week[1].kind == DayKind.REGULAR and [i.label() for i in week[1].intervals] == [
        "08:30–12:30",
        "13:30–17:30",
    ]
    assert week[5].closed


@pytest.mark.parametrize("bad", ["8", "8:3", "25:00", "12:60", "ab:cd", "24:01", ""])
def test_bad_times_are_refused(bad):
    with pytest.raises(ValueError, match="HH:MM"):
        time_parse(bad)


def test_stored_weekly_hours_are_read_and_written_back():
    data = {"0": [["08:30", "12:30"], ["13:30", "17:30"]], "5": [["22:00", "24:00"]]}
    parsed = hours.weekly_parse(data)
    assert parsed[5] == (Interval(datetime.time(22), datetime.time(0)),)
    assert hours.weekly_dump(parsed) == {
        "0": [["08:30", "12:30"], ["13:30", "17:30"]],
        "5": [["22:00", "00:00"]],
    }
    with pytest.raises(ValueError, match="Weekdays"):
        hours.weekly_parse({"7": []})
    with pytest.raises(ValueError, match="interval"):
        hours.weekly_parse({"0": [["08:00"]]})


def test_hours_typed_by_staff_are_read_line_by_line():
    weekly = hours.weekly_from_text("1 08:30-12:30 13:30-17:30\n\n6 20:00-02:00\n7 00:00-24:00")
    assert hours.weekly_dump(weekly) == {
        "0": [["08:30", "12:30"], ["13:30", "17:30"]],
        "5": [["20:00", "02:00"]],
        "6": [["00:00", "00:00"]],
    }
    assert hours.weekly_from_text(hours.weekly_to_text(weekly)) == weekly
    for bad, words in [
        ("8 08:00-10:00", "1 (Monday) to 7"),
        ("1", "give the hours"),
        ("1 08:00", "08:30-17:30"),
        ("2 8-10", "HH:MM"),
    ]:
        with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
            hours.weekly_from_text(bad)


def test_open_until_joins_openings_that_follow_each_other():
    always = Schedule(weekly=ALWAYS)
    assert hours.open_until(always, at(MONDAY, 10)) >= at(MONDAY, 10) + datetime.timedelta(
        days=hours.OPEN_UNTIL_DAYS
    )
    # Open 00:00–24:00 Monday to Saturday: open until Sunday begins.
    weekdays = Schedule(weekly={d: ALWAYS[d] for d in range(6)})
    sunday = MONDAY + datetime.timedelta(days=6)
    assert hours.open_until(weekdays, at(MONDAY, 10)) == at(sunday, 0)
    # A break, however short, ends the run.
    office = Schedule(weekly=OFFICE)
    assert hours.open_until(office, at(MONDAY, 9)) == at(MONDAY, 12, 30)
