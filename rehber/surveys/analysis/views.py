"""Analysis pages (analysts), exports, publication, and the public published tables."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.core.models import text_direction
from rehber.surveys import selectors
from rehber.surveys.analysis import data, exports, services
from rehber.surveys.analysis.forms import AnalysisForm, MicrodataForm, PublishForm
from rehber.surveys.analysis.report import default_titles, snapshot_build, snapshot_present
from rehber.surveys.analysis.tables import DEFAULT_K, ColumnProblem, label_in, localise
from rehber.surveys.models import PublishedTable, SurveyForm


def _problem_message(problem: ColumnProblem) -> str:
    if problem.code == "weight_missing":
        return _(
            "Some submissions have no usable weight in “%(column)s”. "
            "Choose another weight, or none."
        ) % {"column": problem.column}
    if problem.code == "weight_not_positive":
        return _("Weights in “%(column)s” must be greater than zero.") % {"column": problem.column}
    if problem.code == "strata_missing":
        return _("Some submissions have no stratum in “%(column)s”.") % {"column": problem.column}
    if problem.code == "cluster_missing":
        return _("Some submissions have no cluster in “%(column)s”.") % {"column": problem.column}
    return _("This design cannot be used with these submissions.")


def _analysis_url(form_id: str, query: dict) -> str:
    keys = ("variable", "by", "weight", "strata", "cluster", "month", "include_received", "k")
    params = {key: query.get(key) for key in keys if query.get(key)}
    url = reverse("surveys:analysis", kwargs={"form_id": form_id})
    return f"{url}?{urlencode(params)}" if params else url


@role_required(Role.ANALYST)
@require_GET
def analysis(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    language = request.LANGUAGE_CODE
    variables = data.form_variables(survey)
    query = None
    if request.GET:
        query = request.GET.copy()
        query.setdefault("k", str(DEFAULT_K))
    form = AnalysisForm(query, variables=variables, language=language)
    present = None
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            snapshot = snapshot_build(survey, form.spec(), variables)
        except ColumnProblem as error:
            problem = _problem_message(error)
        else:
            present = snapshot_present(snapshot, language)
    counts = selectors.submission_state_counts(survey)
    return render(
        request,
        "surveys/analysis/analysis.html",
        {
            "survey": survey,
            "form": form,
            "present": present,
            "problem": problem,
            "has_variables": bool(variables.categorical),
            "approved": counts.get("approved", 0),
            "received": counts.get("received", 0),
            "publish_form": PublishForm(),
            "published": data.published_tables_of_form(survey),
            "query": query or {},
        },
    )


@role_required(Role.ANALYST)
@require_POST
def analysis_export(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    language = request.LANGUAGE_CODE
    variables = data.form_variables(survey)
    form = AnalysisForm(request.POST, variables=variables, language=language)
    file_format = request.POST.get("format")
    part = request.POST.get("part", "table")
    back = _analysis_url(form_id, request.POST)
    if not form.is_valid() or file_format not in ("csv", "xlsx") or part not in ("table", "series"):
        messages.error(request, _("Choose a question first, then export its table."))
        return redirect(back)
    spec = form.spec()
    try:
        snapshot = snapshot_build(survey, spec, variables)
    except ColumnProblem as error:
        messages.error(request, _problem_message(error))
        return redirect(back)
    if part == "series":
        if not snapshot["series"]:
            messages.error(request, _("Choose a monthly series first."))
            return redirect(back)
        cells = snapshot["series"]["cells"]
    else:
        cells = snapshot["cells"]
    rows = exports.table_rows(localise(cells, language))
    services.table_export_record(
        form=survey,
        spec=spec,
        file_format=file_format,
        part=part,
        rows=len(rows),
        actor=request.user,
    )
    name = slugify(f"{survey.form_id}-{spec.variable}-{spec.by}-{part}".replace("@", "")) or "table"
    if file_format == "csv":
        body = exports.csv_bytes(exports.TABLE_COLUMNS, rows)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    present = snapshot_present(snapshot, language)
    notes = [
        present["title"],
        _("Shares of respondents; estimate, standard error and %(level)s interval from 0 to 1.")
        % {"level": "95%"},
        _(
            "Cells with fewer than %(k)s respondents are empty, "
            "and so is a cell that would reveal one."
        )
        % {"k": spec.k},
        _("Weighted estimates.") if snapshot["representative"] else _not_representative(),
    ]
    body = exports.xlsx_bytes(
        [(part, exports.TABLE_COLUMNS, rows)],
        notes=notes,
        rtl=text_direction(language) == "rtl",
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _not_representative() -> str:
    return _(
        "Not representative: no sampling weights, so these are unweighted shares of the "
        "people who answered, not of everyone."
    )


@role_required(Role.ANALYST)
@require_POST
def analysis_publish(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    language = request.LANGUAGE_CODE
    variables = data.form_variables(survey)
    form = AnalysisForm(request.POST, variables=variables, language=language)
    titles = PublishForm(request.POST)
    back = _analysis_url(form_id, request.POST)
    if not form.is_valid() or not titles.is_valid():
        messages.error(request, _("Choose a question first, then publish its table."))
        return redirect(back)
    spec = form.spec()
    try:
        snapshot = snapshot_build(survey, spec, variables)
        table = services.published_table_create(
            form=survey,
            spec=spec,
            snapshot=snapshot,
            titles={**default_titles(snapshot), **{c: t for c, t in titles.titles().items() if t}},
            actor=request.user,
        )
    except ColumnProblem as error:
        messages.error(request, _problem_message(error))
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("Published. Anyone can now read this table."))
    return redirect(table.get_absolute_url())


@role_required(Role.ANALYST)
@require_POST
def published_withdraw(request, pk):
    table = get_object_or_404(PublishedTable.objects.select_related("form"), pk=pk)
    services.published_table_withdraw(table=table, actor=request.user)
    messages.success(request, _("The table is no longer public."))
    return redirect("surveys:analysis", form_id=table.form.form_id)


@role_required(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def microdata(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    language = request.LANGUAGE_CODE
    variables = data.form_variables(survey)
    form = MicrodataForm(request.POST or None, variables=variables, language=language)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.microdata_export(
                form=survey,
                columns=form.cleaned_data["columns"],
                quasi_identifiers=form.cleaned_data["quasi_identifiers"],
                k=form.cleaned_data["k"],
                include_received=form.cleaned_data["include_received"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.records is None:
                refused = result
            else:
                columns = form.cleaned_data["columns"]
                body = exports.csv_bytes(
                    columns, [[record.get(c) for c in columns] for record in result.records]
                )
                response = HttpResponse(body, content_type="text/csv; charset=utf-8")
                name = slugify(f"{survey.form_id}-microdata") or "microdata"
                response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
                return response
    return render(
        request,
        "surveys/analysis/microdata.html",
        {"survey": survey, "form": form, "refused": refused},
    )


# Public -----------------------------------------------------------------------


@require_GET
def public_list(request):
    language = request.LANGUAGE_CODE
    tables = [
        {
            "table": table,
            "title": label_in(table.titles, language) or table.variable,
            "form_title": table.form.title,
            "representative": table.snapshot.get("representative", False),
        }
        for table in data.published_tables_public()
    ]
    return render(request, "surveys/public/list.html", {"tables": tables})


@require_GET
def public_detail(request, pk):
    table = data.published_table_public(pk)
    if table is None:
        raise Http404
    language = request.LANGUAGE_CODE
    present = snapshot_present(
        table.snapshot, language, title=label_in(table.titles, language) or ""
    )
    return render(request, "surveys/public/detail.html", {"table": table, "present": present})
