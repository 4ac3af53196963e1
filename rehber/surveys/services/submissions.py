"""Submissions from web entry and OpenRosa clients, drafts and review."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.surveys import answers as answer_rules
from rehber.surveys.instance import InstanceError, instance_parse
from rehber.surveys.models import (
    Draft,
    FormVersion,
    ReviewComment,
    ReviewState,
    Source,
    Submission,
)
from rehber.surveys.services.indicators import indicator_definitions
from rehber.surveys.services.messages import answer_error_message


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


def submission_store(*, version, instance_id, answers, actor, source) -> Submission:
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
    submission = submission_store(
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
    submission = submission_store(
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
