"""Writes of the analysis pages: exports and publications, each audit-logged.

Audit rows name what was exported (form, variables, design, k, row counts), never a
value of a submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.surveys.analysis.data import analysis_records, analysis_states
from rehber.surveys.analysis.report import AnalysisSpec
from rehber.surveys.analysis.tables import MIN_K, as_text
from rehber.surveys.disclosure import k_anonymise
from rehber.surveys.models import PublishedTable, SurveyForm


def _spec_data(spec: AnalysisSpec) -> dict:
    return {
        "variable": spec.variable,
        "by": spec.by,
        "weight": spec.weight,
        "strata": spec.strata,
        "cluster": spec.cluster,
        "month": spec.month,
        "include_received": spec.include_received,
        "k": spec.k,
    }


@transaction.atomic
def table_export_record(
    *, form: SurveyForm, spec: AnalysisSpec, file_format: str, part: str, rows: int, actor
) -> None:
    """Audit one download of an estimate table (already suppressed)."""
    audit_record(
        actor=actor,
        action="surveys.table_export",
        target=form,
        data={**_spec_data(spec), "format": file_format, "part": part, "rows": rows},
    )


@transaction.atomic
def published_table_create(
    *, form: SurveyForm, spec: AnalysisSpec, snapshot: dict, titles: dict[str, str], actor
) -> PublishedTable:
    """Publish the suppressed snapshot of an analysis."""
    if spec.k < MIN_K or int(snapshot.get("k", 0)) != spec.k:
        raise ValidationError(_("Choose k of at least %(k)s.") % {"k": MIN_K})
    if not snapshot["cells"]:
        raise ValidationError(_("No submissions answer this question yet; nothing to publish."))
    if any(cell.get("n") is not None and 0 < cell["n"] < spec.k for cell in snapshot["cells"]):
        raise ValidationError(_("This table still has small cells; it cannot be published."))
    table = PublishedTable.objects.create(
        form=form,
        variable=spec.variable,
        by=spec.by,
        weight=spec.weight,
        strata=spec.strata,
        cluster=spec.cluster,
        states=list(snapshot["states"]),
        k=spec.k,
        titles={code: title.strip() for code, title in titles.items() if title.strip()},
        snapshot=snapshot,
        published_by=actor,
    )
    audit_record(actor=actor, action="surveys.table_publish", target=table, data=_spec_data(spec))
    return table


@transaction.atomic
def published_table_withdraw(*, table: PublishedTable, actor) -> PublishedTable:
    """Take a table off the public pages; the record stays for the audit trail."""
    if table.withdrawn_at is None:
        table.withdrawn_at = timezone.now()
        table.save(update_fields=["withdrawn_at"])
        audit_record(actor=actor, action="surveys.table_withdraw", target=table, data={})
    return table


@dataclass(frozen=True)
class MicrodataExport:
    """The records to write (None when refused) and what disclosure control did."""

    records: list[dict] | None
    rows: int
    values_suppressed: int
    at_risk: int


@transaction.atomic
def microdata_export(
    *,
    form: SurveyForm,
    columns: list[str],
    quasi_identifiers: list[str],
    k: int,
    include_received: bool,
    actor,
) -> MicrodataExport:
    """Chosen columns of the form's submissions, k-anonymous on ``quasi_identifiers``.

    Values are suppressed locally first (``k_anonymise``); while any record stays in a
    class smaller than ``k`` the export is refused (``records`` is None). Both outcomes
    are audited, without values.
    """
    if k < MIN_K:
        raise ValidationError(_("Choose k of at least %(k)s.") % {"k": MIN_K})
    if not columns:
        raise ValidationError(_("Choose at least one column."))
    if not quasi_identifiers or not set(quasi_identifiers) <= set(columns):
        raise ValidationError(_("Choose the quasi-identifiers among the exported columns."))
    states = analysis_states(include_received=include_received)
    records = [
        {
            column: as_text(record.get(column))
            if not isinstance(record.get(column), list)
            else " ".join(str(v) for v in record[column])
            for column in columns
        }
        for record in analysis_records(form, states=states)
    ]
    result = k_anonymise(records, quasi_identifiers, k=k)
    data = {
        "columns": columns,
        "quasi_identifiers": quasi_identifiers,
        "k": k,
        "states": states,
        "rows": len(records),
        "values_suppressed": len(result.suppressed),
        "at_risk": len(result.at_risk),
    }
    if not result.is_k_anonymous:
        audit_record(actor=actor, action="surveys.microdata_export_refused", target=form, data=data)
        return MicrodataExport(
            records=None,
            rows=len(records),
            values_suppressed=len(result.suppressed),
            at_risk=len(result.at_risk),
        )
    audit_record(actor=actor, action="surveys.microdata_export", target=form, data=data)
    return MicrodataExport(
        records=result.records,
        rows=len(records),
        values_suppressed=len(result.suppressed),
        at_risk=0,
    )
