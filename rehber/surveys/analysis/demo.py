"""Demo publications: tables of the synthetic Flow Monitoring Survey for the public pages.

The integrator calls ``demo_published_tables_load()`` from ``demo_load`` after
``rehber.surveys.demo.demo_surveys_load()``. The demo submissions are imported and not
reviewed, so these tables include received submissions (and say so).
"""

from dataclasses import replace

from rehber.surveys.analysis import data, services
from rehber.surveys.analysis.report import AnalysisSpec, default_titles, snapshot_build
from rehber.surveys.models import PublishedTable, SurveyForm

FMS_DESIGN = {"weight": "weight", "strata": "fmp", "cluster": "site_id"}
DEMO_TABLES = (
    AnalysisSpec(variable="destination_departure", by="nationality", **FMS_DESIGN),
    AnalysisSpec(variable="@ht_any", by="nationality", **FMS_DESIGN),
    AnalysisSpec(variable="destination_now", month="survey_date"),
)


def demo_published_tables_load(*, form_id: str = "fms_turkey", actor=None) -> list[PublishedTable]:
    """Publish the demo tables once; running it again adds nothing."""
    form = SurveyForm.objects.filter(form_id=form_id).first()
    if form is None or PublishedTable.objects.filter(form=form).exists():
        return []
    variables = data.form_variables(form)
    tables = []
    for spec in DEMO_TABLES:
        spec = replace(spec, include_received=True)
        if variables.get(spec.variable) is None:
            continue
        snapshot = snapshot_build(form, spec, variables)
        tables.append(
            services.published_table_create(
                form=form,
                spec=spec,
                snapshot=snapshot,
                titles=default_titles(snapshot),
                actor=actor,
            )
        )
    return tables
