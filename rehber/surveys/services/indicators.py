"""Indicator definitions, and computing them again for every submission."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.surveys.indicators import IndicatorDefinitionError, definition_check
from rehber.surveys.models import IndicatorDefinition, Submission, SurveyForm


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
