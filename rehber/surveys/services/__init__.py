"""Every write of the surveys app. Answers are personal data: audit rows name
what changed, never an answer value, and nothing here logs answers."""

from rehber.surveys.services.forms import XLSFORM_MAX_BYTES, fms_form_load, form_version_upload
from rehber.surveys.services.imports import EXPORT_MAX_BYTES, ImportReport, submissions_import
from rehber.surveys.services.indicators import (
    indicator_definition_save,
    indicator_definitions,
    indicators_recompute,
)
from rehber.surveys.services.messages import (
    ANSWER_ERRORS,
    XLSFORM_ERRORS,
    answer_error_message,
    xlsform_error_message,
)
from rehber.surveys.services.submissions import (
    AnswerCheck,
    DuplicateInstance,
    answers_check,
    draft_save,
    submission_openrosa_receive,
    submission_review,
    submission_store,
    submission_web_correct,
    submission_web_submit,
)

__all__ = [
    "ANSWER_ERRORS",
    "EXPORT_MAX_BYTES",
    "XLSFORM_ERRORS",
    "XLSFORM_MAX_BYTES",
    "AnswerCheck",
    "DuplicateInstance",
    "ImportReport",
    "answer_error_message",
    "answers_check",
    "draft_save",
    "fms_form_load",
    "form_version_upload",
    "indicator_definition_save",
    "indicator_definitions",
    "indicators_recompute",
    "submission_openrosa_receive",
    "submission_review",
    "submission_store",
    "submission_web_correct",
    "submission_web_submit",
    "submissions_import",
    "xlsform_error_message",
]
