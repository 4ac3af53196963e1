"""Reads of the surveys app, scoped to the viewer. Submission details are audited reads."""

from django.db.models import Count, OuterRef, Subquery

from rehber.core.services import audit_record
from rehber.surveys.analysis.tables import label_in
from rehber.surveys.models import Draft, FormVersion, Submission, SurveyForm


def form_list() -> list[SurveyForm]:
    return list(
        SurveyForm.objects.annotate(
            version_count=Count("versions", distinct=True),
            submission_count=Count("submissions", distinct=True),
        ).order_by("title")
    )


def form_versions(form: SurveyForm) -> list[FormVersion]:
    return list(form.versions.select_related("uploaded_by"))


def form_for_entry(form_id: str) -> FormVersion | None:
    """The newest version of a form, for web entry and ODK clients."""
    return FormVersion.objects.filter(form__form_id=form_id).select_related("form").first()


def current_versions() -> list[FormVersion]:
    """The newest version of every form (as ``SurveyForm.current_version``), in one query."""
    newest = FormVersion.objects.filter(form=OuterRef("form")).order_by("-uploaded_at", "-pk")
    return list(
        FormVersion.objects.filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("form")
        .order_by("form__title")
    )


def questions_with_choices(version: FormVersion, language: str) -> list[dict]:
    """Questions in order, with labels in ``language`` and their choices."""
    choices: dict[str, list[tuple[str, str]]] = {}
    for choice in version.choices.all():
        choices.setdefault(choice.list_name, []).append(
            (choice.value, label_in(choice.labels, language))
        )
    return [
        {
            "question": question,
            "name": question.name,
            "type": question.type,
            "label": label_in(question.labels, language) or question.name,
            "choices": choices.get(question.list_name, []),
        }
        for question in version.questions.all()
    ]


def submissions_for_analyst(*, form: SurveyForm, state: str = "") -> list[Submission]:
    queryset = Submission.objects.filter(form=form).select_related("version", "submitted_by")
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def submission_state_counts(form: SurveyForm) -> dict[str, int]:
    return dict(
        Submission.objects.filter(form=form)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )


def submission_read(*, pk: int, viewer) -> Submission | None:
    """One submission with its answers, for an analyst; the read is audited."""
    submission = (
        Submission.objects.select_related("form", "version", "submitted_by").filter(pk=pk).first()
    )
    if submission is not None:
        audit_record(actor=viewer, action="surveys.submission_read", target=submission)
    return submission


def submissions_of_enumerator(viewer) -> list[Submission]:
    """Only the viewer's own submissions; sent-back ones first."""
    return list(
        Submission.objects.filter(submitted_by=viewer)
        .select_related("form")
        .prefetch_related("comments")
        .order_by("-sent_back", "-received_at")[:200]
    )


def drafts_of_enumerator(viewer) -> list[Draft]:
    return list(Draft.objects.filter(enumerator=viewer).select_related("version__form"))


def draft_of_enumerator(*, pk: int, viewer) -> Draft | None:
    return Draft.objects.filter(pk=pk, enumerator=viewer).select_related("version").first()


def submission_sent_back_to(*, pk: int, viewer) -> Submission | None:
    """A submission of the viewer's that an analyst sent back, for correction."""
    return (
        Submission.objects.filter(pk=pk, submitted_by=viewer, sent_back=True)
        .select_related("form", "version")
        .first()
    )


def sent_back_count(viewer) -> int:
    return Submission.objects.filter(submitted_by=viewer, sent_back=True).count()
