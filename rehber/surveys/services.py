"""Every write of the surveys app. Answers are personal data: audit rows name
what changed, never an answer value, and nothing here logs answers."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehber.core.services import audit_record
from rehber.surveys import answers as answer_rules
from rehber.surveys import fms, imports
from rehber.surveys.indicators import IndicatorDefinitionError, definition_check
from rehber.surveys.instance import InstanceError, instance_parse
from rehber.surveys.models import (
    Choice,
    Draft,
    FormVersion,
    IndicatorDefinition,
    Question,
    ReviewComment,
    ReviewState,
    Source,
    Submission,
    SurveyForm,
)
from rehber.surveys.xlsform import XLSFormError, xlsform_convert

#: Largest XLSForm an analyst may upload.
XLSFORM_MAX_BYTES = 5 * 1024 * 1024
#: Largest export file an analyst may import.
EXPORT_MAX_BYTES = 50 * 1024 * 1024

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


# Forms -----------------------------------------------------------------------


@transaction.atomic
def form_version_upload(*, data: bytes, filename: str, actor) -> FormVersion:
    """Convert an XLSForm and store it as a new version of its form."""
    if not filename.lower().endswith(".xlsx") or not data.startswith(b"PK"):
        raise ValidationError(XLSFORM_ERRORS["not_xlsform"])
    if len(data) > XLSFORM_MAX_BYTES:
        raise ValidationError(
            _("The file is too large. The limit is %(size)s MB.")
            % {"size": XLSFORM_MAX_BYTES // (1024 * 1024)}
        )
    try:
        converted = xlsform_convert(data)
    except XLSFormError as error:
        raise ValidationError(xlsform_error_message(error)) from error
    if not converted.version:
        raise ValidationError(
            _("The 'settings' sheet needs a version, so that new uploads can be told apart.")
        )
    form, _created = SurveyForm.objects.get_or_create(
        form_id=converted.form_id, defaults={"title": converted.title[:255]}
    )
    if form.versions.filter(version=converted.version).exists():
        raise ValidationError(
            _(
                "Version %(version)s of this form is already stored. Change the version in "
                "the 'settings' sheet."
            )
            % {"version": converted.version}
        )
    form.title = converted.title[:255] or form.title
    form.save(update_fields=["title"])
    version = FormVersion.objects.create(
        form=form,
        version=converted.version,
        xlsform=data,
        xlsform_name=filename[:255],
        xform=converted.xform,
        warnings=converted.warnings,
        uploaded_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            name=q.name,
            path=q.path,
            type=q.type,
            labels=q.labels,
            relevance=q.relevance,
            required=q.required,
            list_name=q.list_name,
            position=q.position,
        )
        for q in converted.questions
    )
    Choice.objects.bulk_create(
        Choice(
            version=version,
            list_name=c.list_name,
            value=c.value,
            labels=c.labels,
            position=c.position,
        )
        for c in converted.choices
    )
    audit_record(
        actor=actor,
        action="surveys.form_version_upload",
        target=version,
        data={"form_id": form.form_id, "version": version.version},
    )
    return version


def fms_form_load(*, actor=None) -> FormVersion:
    """Upload our Flow Monitoring Survey and its indicators (once per version)."""
    source = fms.fms_source()
    existing = FormVersion.objects.filter(
        form__form_id=source["settings"]["form_id"], version=str(source["settings"]["version"])
    ).first()
    version = existing or form_version_upload(
        data=fms.xlsform_build(source), filename="fms-turkey.xlsx", actor=actor
    )
    for position, item in enumerate(fms.fms_indicators()):
        definition = {k: v for k, v in item.items() if k not in ("label", "name")}
        indicator_definition_save(
            form=version.form,
            name=item["name"],
            labels=item.get("label", {}),
            definition=definition,
            position=position,
            actor=actor,
            recompute=False,
        )
    indicators_recompute(form=version.form)
    return version


# Indicators ------------------------------------------------------------------


def indicator_definitions(form: SurveyForm) -> list[dict]:
    return [
        {"name": item.name, **item.definition}
        for item in IndicatorDefinition.objects.filter(form=form)
    ]


@transaction.atomic
def indicator_definition_save(
    *,
    form: SurveyForm,
    name: str,
    labels: dict,
    definition: dict,
    actor,
    position: int | None = None,
    recompute: bool = True,
) -> IndicatorDefinition:
    """Create or change a definition; then every submission of the form is recomputed."""
    existing = IndicatorDefinition.objects.filter(form=form, name=name).first()
    earlier = [
        item.name
        for item in IndicatorDefinition.objects.filter(form=form).exclude(name=name)
        if existing is None or (item.position, item.pk) < (existing.position, existing.pk)
    ]
    try:
        definition_check(definition, known=earlier)
    except IndicatorDefinitionError as error:
        raise ValidationError(
            _("This indicator definition cannot be used: %(reason)s") % {"reason": str(error)}
        ) from error
    if position is None:
        position = existing.position if existing else form.indicators.count()
    item, _created = IndicatorDefinition.objects.update_or_create(
        form=form,
        name=name,
        defaults={"labels": labels, "definition": definition, "position": position},
    )
    audit_record(
        actor=actor, action="surveys.indicator_definition_save", target=item, data={"name": name}
    )
    if recompute:
        from rehber.surveys.tasks import survey_indicators_recompute

        form_pk = form.pk
        transaction.on_commit(lambda: survey_indicators_recompute.enqueue(form_pk))
    return item


@transaction.atomic
def indicators_recompute(*, form: SurveyForm) -> int:
    """Evaluate every indicator again for every submission of ``form``."""
    from rehber.surveys.indicators import indicators_evaluate

    definitions = indicator_definitions(form)
    changed = []
    for submission in Submission.objects.filter(form=form).only("pk", "answers", "indicators"):
        values = indicators_evaluate(definitions, submission.answers)
        if values != submission.indicators:
            submission.indicators = values
            changed.append(submission)
    Submission.objects.bulk_update(changed, ["indicators"], batch_size=500)
    audit_record(
        actor=None,
        action="surveys.indicators_recompute",
        target=form,
        data={"changed": len(changed), "indicators": [d["name"] for d in definitions]},
    )
    return len(changed)


# Submissions -----------------------------------------------------------------


class DuplicateInstance(ValidationError):
    pass


@dataclass
class AnswerCheck:
    answers: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # question name -> message


def answers_check(*, version: FormVersion, raw: dict, complete: bool) -> AnswerCheck:
    """Convert raw answers by question type; with ``complete``, also check required ones."""
    questions = list(version.questions.all())
    choices: dict[str, list[str]] = {}
    for choice in version.choices.all():
        choices.setdefault(choice.list_name, []).append(choice.value)
    check = AnswerCheck()
    for question in questions:
        if question.type not in answer_rules.INPUT_TYPES or question.name not in raw:
            continue
        value, code, bad = answer_rules.answer_clean(
            type=question.type,
            raw=raw[question.name],
            choices=choices.get(question.list_name, []),
        )
        if code:
            check.errors[question.name] = answer_error_message(code, bad)
        elif value is not None:
            check.answers[question.name] = value
    # Answers to questions that are not relevant are dropped, as ODK Collect does.
    for question in questions:
        if question.name in check.answers and not answer_rules.question_is_relevant(
            question.relevance, check.answers
        ):
            del check.answers[question.name]
            check.errors.pop(question.name, None)
    if complete:
        for name in answer_rules.required_missing(check.answers, questions):
            check.errors.setdefault(name, answer_error_message(answer_rules.REQUIRED))
    return check


def _submission_store(*, version, instance_id, answers, actor, source) -> Submission:
    from rehber.surveys.indicators import indicators_evaluate

    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                form=version.form,
                version=version,
                instance_id=instance_id,
                answers=answers,
                indicators=indicators_evaluate(indicator_definitions(version.form), answers),
                submitted_by=actor,
                source=source,
            )
    except IntegrityError as error:
        raise DuplicateInstance(
            answer_error_message("already_stored", instance_id), code="duplicate"
        ) from error
    return submission


@transaction.atomic
def submission_web_submit(
    *, version: FormVersion, raw: dict, actor, draft: Draft | None = None
) -> tuple[Submission | None, AnswerCheck]:
    """Store a complete web submission; on errors nothing is stored and the check says why."""
    import uuid

    check = answers_check(version=version, raw=raw, complete=True)
    if check.errors:
        return None, check
    submission = _submission_store(
        version=version,
        instance_id=f"uuid:{uuid.uuid4()}",
        answers=check.answers,
        actor=actor,
        source=Source.WEB,
    )
    if draft is not None:
        if draft.enumerator_id != actor.pk:
            raise ValidationError(_("This draft is not yours."))
        draft.delete()
    audit_record(
        actor=actor,
        action="surveys.submission_create",
        target=submission,
        data={"source": Source.WEB, "questions": len(check.answers)},
    )
    return submission, check


@transaction.atomic
def submission_web_correct(
    *, submission: Submission, raw: dict, actor
) -> tuple[Submission | None, AnswerCheck]:
    """The enumerator corrects a submission an analyst sent back; it is received again."""
    if submission.submitted_by_id != actor.pk or not submission.sent_back:
        raise ValidationError(_("Only a submission sent back to you can be corrected."))
    check = answers_check(version=submission.version, raw=raw, complete=True)
    if check.errors:
        return None, check
    from rehber.surveys.indicators import indicators_evaluate

    submission.answers = check.answers
    submission.indicators = indicators_evaluate(
        indicator_definitions(submission.form), check.answers
    )
    submission.state = ReviewState.RECEIVED
    submission.sent_back = False
    submission.save(update_fields=["answers", "indicators", "state", "sent_back"])
    audit_record(
        actor=actor,
        action="surveys.submission_correct",
        target=submission,
        data={"questions": len(check.answers)},
    )
    return submission, check


@transaction.atomic
def draft_save(*, version: FormVersion, raw: dict, actor, draft: Draft | None = None) -> Draft:
    """Keep what the enumerator typed, as typed, in their own draft."""
    if draft is not None and draft.enumerator_id != actor.pk:
        raise ValidationError(_("This draft is not yours."))
    if draft is None:
        draft = Draft(version=version, enumerator=actor)
    draft.answers = raw
    draft.save()
    audit_record(actor=actor, action="surveys.draft_save", target=draft, data={})
    return draft


@transaction.atomic
def submission_openrosa_receive(*, data: bytes, actor) -> Submission:
    """Store an OpenRosa submission. Raises ``ValidationError`` (bad input) or
    ``DuplicateInstance``."""
    try:
        instance = instance_parse(data)
    except InstanceError as error:
        messages = {
            "xml": _("The submission is not well-formed XML."),
            "no_form_id": _("The submission does not name its form (id attribute)."),
            "no_instance_id": _("The submission has no meta/instanceID."),
        }
        raise ValidationError(messages[error.code]) from error
    versions = FormVersion.objects.filter(form__form_id=instance.form_id)
    version = versions.filter(version=instance.version).first() or (
        versions.first() if not instance.version else None
    )
    if version is None:
        raise ValidationError(
            _("No form %(form_id)s version %(version)s is stored on this server.")
            % {"form_id": instance.form_id, "version": instance.version}
        )
    check = answers_check(version=version, raw=instance.values, complete=False)
    if check.errors:
        name, message = next(iter(check.errors.items()))
        raise ValidationError(
            _("Question %(name)s: %(message)s") % {"name": name, "message": message}
        )
    submission = _submission_store(
        version=version,
        instance_id=instance.instance_id,
        answers=check.answers,
        actor=actor,
        source=Source.OPENROSA,
    )
    audit_record(
        actor=actor,
        action="surveys.submission_create",
        target=submission,
        data={"source": Source.OPENROSA, "questions": len(check.answers)},
    )
    return submission


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


@transaction.atomic
def submission_review(
    *, submission: Submission, state: str, comment: str, send_back: bool, actor
) -> ReviewComment:
    """Set the review state, keep the comment, and maybe send it back to the enumerator."""
    if state not in ReviewState.values:
        raise ValidationError(_("Unknown review state."))
    if send_back and not comment.strip():
        raise ValidationError(_("Please write what the enumerator should check."))
    if send_back and submission.submitted_by_id is None:
        raise ValidationError(_("This submission has no enumerator to send it back to."))
    submission.state = state
    submission.sent_back = send_back
    submission.save(update_fields=["state", "sent_back"])
    item = ReviewComment.objects.create(
        submission=submission,
        author=actor,
        state=state,
        text=comment.strip(),
        sent_back=send_back,
    )
    audit_record(
        actor=actor,
        action="surveys.submission_review",
        target=submission,
        data={"state": state, "sent_back": send_back},
    )
    return item
