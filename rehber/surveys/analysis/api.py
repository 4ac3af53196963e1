"""Published survey tables over the JSON API: the suppressed snapshots, never microdata."""

import datetime

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema

from rehber.surveys.analysis import data
from rehber.surveys.analysis.tables import label_in, localise

router = Router(tags=["surveys"])

LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


class LanguageQuery(Schema):
    lang: str = Field(settings.LANGUAGE_CODE, pattern=LANGUAGE_PATTERN)


class PublishedTableSummary(Schema):
    id: int
    title: str
    form: str = Field(description="The questionnaire's form id")
    published_at: datetime.datetime
    url: str


class PublishedTableList(Schema):
    results: list[PublishedTableSummary]


class CellOut(Schema):
    group: str | None = Field(description="Value of the 'by' question (or month); null: all")
    group_label: str
    category: str | None
    category_label: str
    estimate: float | None = Field(description="Share from 0 to 1; null when suppressed")
    se: float | None
    ci_low: float | None = Field(description="95% interval (logit), null when not defined")
    ci_high: float | None
    n: int | None = Field(description="Respondents in the cell; null when suppressed")
    n_base: int | None = Field(description="Respondents in the group; null when suppressed")
    suppressed: str | bool = Field(description="false, 'primary' or 'complementary'")


class DesignOut(Schema):
    weight: str
    strata: str
    cluster: str


class SeriesOut(Schema):
    source: str = Field(description="'_received' or the date question the months come from")
    rows: list[CellOut]


class PublishedTableOut(Schema):
    id: int
    title: str
    lang: str
    form: str
    variable: str
    variable_label: str
    by: str
    by_label: str
    representative: bool = Field(description="False: unweighted shares, not representative")
    design: DesignOut
    states: list[str] = Field(description="Review states of the submissions counted")
    k: int = Field(description="Cells with fewer respondents are suppressed")
    n_total: int | None
    level: float
    published_at: datetime.datetime
    rows: list[CellOut]
    series: SeriesOut | None


def _cells(cells: list[dict], language: str) -> list[dict]:
    keys = CellOut.model_fields
    return [{key: cell.get(key) for key in keys} for cell in localise(cells, language)]


@router.get("/published", response=PublishedTableList, summary="Published survey tables")
def published_list(request, query: Query[LanguageQuery]):
    return {
        "results": [
            {
                "id": table.pk,
                "title": label_in(table.titles, query.lang) or table.variable,
                "form": table.form.form_id,
                "published_at": table.published_at,
                "url": table.get_absolute_url(),
            }
            for table in data.published_tables_public()
        ]
    }


@router.get(
    "/published/{table_id}", response=PublishedTableOut, summary="One published survey table"
)
def published_detail(request, table_id: int, query: Query[LanguageQuery]):
    table = data.published_table_public(table_id)
    if table is None:
        raise Http404("No such published table.")
    snapshot, language = table.snapshot, query.lang
    series = snapshot.get("series")
    return {
        "id": table.pk,
        "title": label_in(table.titles, language) or table.variable,
        "lang": language,
        "form": table.form.form_id,
        "variable": snapshot["variable"],
        "variable_label": label_in(snapshot["variable_labels"], language),
        "by": snapshot.get("by") or "",
        "by_label": label_in(snapshot.get("by_labels") or {}, language),
        "representative": snapshot["representative"],
        "design": {key: snapshot["design"].get(key, "") for key in ("weight", "strata", "cluster")},
        "states": snapshot["states"],
        "k": snapshot["k"],
        "n_total": snapshot.get("n_total"),
        "level": snapshot.get("level", 0.95),
        "published_at": table.published_at,
        "rows": _cells(snapshot["cells"], language),
        "series": (
            {"source": series["source"], "rows": _cells(series["cells"], language)}
            if series
            else None
        ),
    }
