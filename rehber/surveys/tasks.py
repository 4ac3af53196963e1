"""Background work of the surveys app (django-tasks)."""

from django_tasks import task


@task()
def survey_indicators_recompute(form_pk: int) -> int:
    """Evaluate the indicators of every submission of one form again."""
    from rehber.surveys.models import SurveyForm
    from rehber.surveys.services import indicators_recompute

    form = SurveyForm.objects.filter(pk=form_pk).first()
    return indicators_recompute(form=form) if form else 0
