"""How answers and their problems read on the pages and in the API, in the user's language."""

import datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehber.advisors.engine import Question

ERROR_MESSAGES = {
    "unknown_question": gettext_lazy("This advisor has no question with this name."),
    "not_a_choice": gettext_lazy("Please choose one of the answers."),
    "not_a_number": gettext_lazy("Please write a number with digits, for example 12."),
    "not_a_date": gettext_lazy("Please give a date as year-month-day, for example 2026-01-31."),
    "not_yes_no": gettext_lazy("Please answer yes or no."),
}


def error_message(question: Question | None, code: str) -> str:
    """The message for an engine error code, in the active language."""
    if code == "out_of_range" and question is not None:
        low, high = question.min, question.max
        if low is not None and high is not None:
            return _("Please write a number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
        if low is not None:
            return _("Please write a number of at least %(low)s.") % {"low": low}
        if high is not None:
            return _("Please write a number of at most %(high)s.") % {"high": high}
    if code in ERROR_MESSAGES:
        return str(ERROR_MESSAGES[code])
    return _("This answer cannot be used.")


def answer_display(question: Question, value: Any, lang: str) -> str:
    """An answer as a person reads it: the choice's text, yes or no, a date, a number."""
    if question.type == "choice":
        choice = question.choice(value)
        return choice.text.get(lang) if choice else str(value)
    if question.type == "boolean":
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return formats.number_format(value)
