"""Messages in the user's language for pyxform errors and answer problems."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehber.surveys import answers as answer_rules
from rehber.surveys import imports
from rehber.surveys.xlsform import XLSFormError

XLSFORM_ERRORS = {
    "not_xlsform": gettext_lazy("This file is not an Excel workbook (.xlsx)."),
    "no_type_column": gettext_lazy(
        "The 'survey' sheet needs a first row with the column names, at least 'type' and 'name'."
    ),
    "unknown_type": gettext_lazy(
        "The question type “%(value)s” is not known. Check its spelling, e.g. select_one, "
        "select_multiple, integer, text, date."
    ),
    "no_choices_sheet": gettext_lazy(
        "A select question needs a 'choices' sheet with the columns list_name, name and label."
    ),
    "missing_list": gettext_lazy(
        "The choice list “%(value)s” is used in the 'survey' sheet but missing from 'choices'."
    ),
    "duplicate_name": gettext_lazy(
        "The name “%(value)s” is used twice. Every question needs its own name."
    ),
    "no_name": gettext_lazy("A question or group has no name."),
    "bad_name": gettext_lazy(
        "A name may hold only letters, digits, _ - and . and must start with a letter or _."
    ),
    "unmatched_group": gettext_lazy(
        "A group is opened and not closed (or closed without being opened): check "
        "“begin group” and “end group”."
    ),
    "no_label": gettext_lazy(
        "The question “%(value)s” needs a label (or a hint) in the 'survey' sheet."
    ),
    "unknown_reference": gettext_lazy(
        "A rule refers to ${%(value)s}, but no question has that name."
    ),
}

ANSWER_ERRORS = {
    answer_rules.REQUIRED: gettext_lazy("Please answer this question."),
    answer_rules.NOT_INTEGER: gettext_lazy("Please write a whole number, e.g. 25."),
    answer_rules.NOT_NUMBER: gettext_lazy("Please write a number, e.g. 1.5."),
    answer_rules.NOT_DATE: gettext_lazy("Please give a date as year-month-day, e.g. 2026-11-30."),
    answer_rules.NOT_A_CHOICE: gettext_lazy("“%(value)s” is not one of the choices."),
    imports.NO_INSTANCE_ID: gettext_lazy(
        "No submission id. The file needs a column meta/instanceID, _uuid or KEY with a value "
        "in every row."
    ),
    imports.DUPLICATE_IN_FILE: gettext_lazy("The id “%(value)s” appears twice in this file."),
    imports.NOT_ZERO_ONE: gettext_lazy("Expected 0 or 1, found “%(value)s”."),
    "already_stored": gettext_lazy("A submission with the id “%(value)s” is already stored."),
}


def answer_error_message(code: str, value: str = "") -> str:
    return str(ANSWER_ERRORS.get(code, code)) % {"value": value}


def xlsform_error_message(error: XLSFormError) -> str:
    """The analyst's-language explanation of a pyxform error, with the row when known."""
    if error.code in XLSFORM_ERRORS:
        message = str(XLSFORM_ERRORS[error.code]) % {"value": error.value}
    else:
        message = _("pyxform could not read the form. Its message (in English): %(detail)s") % {
            "detail": error.detail
        }
    if error.row:
        message = _("Row %(row)s of the 'survey' sheet: %(message)s") % {
            "row": error.row,
            "message": message,
        }
    return message
