from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.core.models import text_direction
from rehber.surveys import selectors, services
from rehber.surveys.analysis.tables import label_in
from rehber.surveys.answers import INPUT_TYPES
from rehber.surveys.forms import ExportImportForm, ReviewForm, XLSFormUploadForm
from rehber.surveys.models import ReviewState, SurveyForm

# Analysts ---------------------------------------------------------------------


@role_required(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def staff_forms(request):
    if request.method == "POST":
        form = XLSFormUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.XLSFORM_MAX_BYTES:
                form.add_error("file", _("The file is too large. The limit is 5 MB."))
            else:
                try:
                    version = services.form_version_upload(
                        data=upload.read(), filename=upload.name, actor=request.user
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    messages.success(
                        request,
                        _("Version %(version)s of %(form_id)s is stored.")
                        % {"version": version.version, "form_id": version.form.form_id},
                    )
                    return redirect("surveys:staff_form", form_id=version.form.form_id)
    else:
        form = XLSFormUploadForm()
    return render(
        request,
        "surveys/staff/form_list.html",
        {"forms": selectors.form_list(), "upload": form},
    )


@role_required(Role.ANALYST)
def staff_form(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    versions = selectors.form_versions(survey)
    chosen = next((v for v in versions if v.version == request.GET.get("version")), None)
    version = chosen or (versions[0] if versions else None)
    language = request.LANGUAGE_CODE
    return render(
        request,
        "surveys/staff/form_detail.html",
        {
            "survey": survey,
            "versions": versions,
            "version": version,
            "questions": selectors.questions_with_choices(version, language) if version else [],
            "indicators": [
                (item.name, label_in(item.labels, language)) for item in survey.indicators.all()
            ],
            "language": language,
            "dir": text_direction(language),
        },
    )


@role_required(Role.ANALYST)
def staff_submissions(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    state = request.GET.get("state", "")
    if state not in ReviewState.values:
        state = ""
    page = Paginator(selectors.submissions_for_analyst(form=survey, state=state), 100).get_page(
        request.GET.get("page")
    )
    counts = selectors.submission_state_counts(survey)
    return render(
        request,
        "surveys/staff/submission_list.html",
        {
            "survey": survey,
            "page": page,
            "state": state,
            "states": [
                (value, label, counts.get(value, 0)) for value, label in ReviewState.choices
            ],
        },
    )


@role_required(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def staff_import(request, form_id):
    survey = get_object_or_404(SurveyForm, form_id=form_id)
    version = survey.current_version
    if version is None:
        raise Http404
    report = None
    if request.method == "POST":
        form = ExportImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.submissions_import(
                    version=version,
                    data=upload.read(),
                    filename=upload.name,
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if report.created:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s submission was imported.",
                            "%(count)s submissions were imported.",
                            report.created,
                        )
                        % {"count": report.created},
                    )
                    return redirect("surveys:staff_submissions", form_id=form_id)
    else:
        form = ExportImportForm()
    return render(
        request,
        "surveys/staff/import.html",
        {"survey": survey, "version": version, "form": form, "report": report},
    )


@role_required(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def staff_submission(request, pk):
    submission = selectors.submission_read(pk=pk, viewer=request.user)
    if submission is None:
        raise Http404
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.submission_review(
                    submission=submission,
                    state=form.cleaned_data["state"],
                    comment=form.cleaned_data["comment"],
                    send_back=form.cleaned_data["send_back"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Review saved."))
                return redirect("surveys:staff_submission", pk=pk)
    else:
        form = ReviewForm(initial={"state": submission.state})
    language = request.LANGUAGE_CODE
    rows = []
    for item in selectors.questions_with_choices(submission.version, language):
        labels = dict(item["choices"])
        value = submission.answers.get(item["name"])
        if isinstance(value, list):
            shown = ", ".join(labels.get(v, v) for v in value)
        elif value is None:
            shown = ""
        else:
            shown = labels.get(str(value), str(value)) if item["choices"] else str(value)
        if item["type"] in INPUT_TYPES:
            rows.append({"label": item["label"], "name": item["name"], "value": shown})
    return render(
        request,
        "surveys/staff/submission_detail.html",
        {
            "submission": submission,
            "rows": rows,
            "form": form,
            "comments": submission.comments.select_related("author"),
            "dir": text_direction(language),
        },
    )


# Enumerators ------------------------------------------------------------------


@role_required(Role.ENUMERATOR)
def entry_home(request):
    return render(
        request,
        "surveys/entry/home.html",
        {
            "versions": selectors.current_versions(),
            "drafts": selectors.drafts_of_enumerator(request.user),
            "submissions": selectors.submissions_of_enumerator(request.user),
        },
    )


def _raw_from_post(post, questions) -> dict:
    raw = {}
    for item in questions:
        if item["type"] == "select_multiple":
            raw[item["name"]] = post.getlist(item["name"])
        elif item["type"] in INPUT_TYPES:
            raw[item["name"]] = post.get(item["name"], "")
    return raw


@role_required(Role.ENUMERATOR)
@require_http_methods(["GET", "POST"])
def entry(request, form_id):
    version = selectors.form_for_entry(form_id)
    if version is None:
        raise Http404
    draft = None
    correcting = None
    draft_pk = request.POST.get("draft") or request.GET.get("draft")
    correct_pk = request.POST.get("submission") or request.GET.get("submission")
    if correct_pk:
        if not str(correct_pk).isdigit():
            raise Http404
        correcting = selectors.submission_sent_back_to(pk=int(correct_pk), viewer=request.user)
        if correcting is None:
            raise Http404
        version = correcting.version
    elif draft_pk:
        if not str(draft_pk).isdigit():
            raise Http404
        draft = selectors.draft_of_enumerator(pk=int(draft_pk), viewer=request.user)
        if draft is None:
            raise Http404
        version = draft.version
    language = request.LANGUAGE_CODE
    questions = selectors.questions_with_choices(version, language)
    errors: dict = {}
    raw = draft.answers if draft else {}
    if correcting is not None:
        raw = {
            name: value if isinstance(value, list) else str(value)
            for name, value in correcting.answers.items()
        }
    if request.method == "POST":
        raw = _raw_from_post(request.POST, questions)
        if correcting is not None:
            submission, check = services.submission_web_correct(
                submission=correcting, raw=raw, actor=request.user
            )
            if submission is not None:
                messages.success(request, _("Corrected and sent again. Thank you."))
                return redirect("surveys:entry_home")
            errors = check.errors
        elif request.POST.get("action") == "submit":
            submission, check = services.submission_web_submit(
                version=version, raw=raw, actor=request.user, draft=draft
            )
            if submission is not None:
                messages.success(request, _("Submitted. Thank you."))
                return redirect("surveys:entry_home")
            errors = check.errors
        else:
            draft = services.draft_save(version=version, raw=raw, actor=request.user, draft=draft)
            messages.success(request, _("Draft saved. Only you can see it."))
            return redirect(f"{request.path}?draft={draft.pk}")
    for item in questions:
        value = raw.get(item["name"], [] if item["type"] == "select_multiple" else "")
        item["value"] = value
        item["selected"] = value if isinstance(value, list) else [value]
        item["error"] = errors.get(item["name"], "")
    return render(
        request,
        "surveys/entry/entry.html",
        {
            "version": version,
            "questions": [q for q in questions if q["type"] in (*INPUT_TYPES, "note", "group")],
            "draft": draft,
            "correcting": correcting,
            "comments": correcting.comments.filter(sent_back=True) if correcting else [],
            "errors": errors,
            "dir": text_direction(language),
            "language": language,
        },
    )
