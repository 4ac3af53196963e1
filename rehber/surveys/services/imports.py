"""Importing KoBoToolbox and ODK Central exports: all rows or none."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.surveys import answers as answer_rules
from rehber.surveys import imports
from rehber.surveys.models import FormVersion, Source, Submission
from rehber.surveys.services.indicators import indicator_definitions
from rehber.surveys.services.messages import answer_error_message

#: Largest export file an analyst may import.
EXPORT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class ImportReport:
    created: int = 0
    problems: list[dict] = field(default_factory=list)  # row, column, message


def submissions_import(*, version: FormVersion, data: bytes, filename: str, actor) -> ImportReport:
    """Import a Kobo or ODK Central export. All rows or none: one bad row saves nothing."""
    if len(data) > EXPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large. The limit is %(size)s MB.")
            % {"size": EXPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not filename.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Please choose a .csv or .xlsx file."))
    try:
        headers, rows = imports.export_read(data, filename)
    except imports.ExportError as error:
        raise ValidationError(
            _("The file could not be read. Save it again as UTF-8 CSV or as .xlsx.")
        ) from error
    questions = list(version.questions.all())
    choices: dict[str, list[str]] = {}
    for choice in version.choices.all():
        choices.setdefault(choice.list_name, []).append(choice.value)
    try:
        parsed, problems = imports.export_parse(headers, rows, questions, choices)
    except Exception as error:  # csv and openpyxl raise many kinds of errors while reading rows
        raise ValidationError(
            _("The file could not be read. Save it again as UTF-8 CSV or as .xlsx.")
        ) from error
    report = ImportReport(
        problems=[
            {
                "row": p.row,
                "column": p.column,
                "message": answer_error_message(p.code, p.value),
            }
            for p in problems
        ]
    )
    flagged = {(p.row, p.question) for p in problems}
    stored = set(
        Submission.objects.filter(
            form=version.form, instance_id__in=[row.instance_id for row in parsed]
        ).values_list("instance_id", flat=True)
    )
    for row in parsed:
        if row.instance_id in stored:
            report.problems.append(
                {
                    "row": row.row,
                    "column": "",
                    "message": answer_error_message("already_stored", row.instance_id),
                }
            )
        for name in answer_rules.required_missing(row.answers, questions):
            if (row.row, name) in flagged:
                continue
            report.problems.append(
                {
                    "row": row.row,
                    "column": name,
                    "message": answer_error_message(answer_rules.REQUIRED),
                }
            )
    report.problems.sort(key=lambda p: (p["row"], p["column"]))
    if report.problems:
        return report
    from rehber.surveys.indicators import indicators_evaluate

    definitions = indicator_definitions(version.form)
    with transaction.atomic():
        Submission.objects.bulk_create(
            [
                Submission(
                    form=version.form,
                    version=version,
                    instance_id=row.instance_id,
                    answers=row.answers,
                    indicators=indicators_evaluate(definitions, row.answers),
                    submitted_by=None,  # collected elsewhere; the audit row names the importer
                    source=Source.IMPORT,
                )
                for row in parsed
            ],
            batch_size=1000,
        )
        audit_record(
            actor=actor,
            action="surveys.submissions_import",
            target=version,
            data={"rows": len(parsed), "file_type": filename.rsplit(".", 1)[-1].lower()},
        )
    report.created = len(parsed)
    return report
