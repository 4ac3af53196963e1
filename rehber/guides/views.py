from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from rehber.accounts.roles import Role
from rehber.core.access import role_required, user_has_role
from rehber.core.models import Language, text_direction
from rehber.core.page_cache import cacheable
from rehber.guides import selectors, services
from rehber.guides.forms import (
    GuideTextForm,
    LawAmendForm,
    LawTranslationForm,
    StepFormSet,
    content_from,
    initial_for,
)
from rehber.guides.models import Guide, GuideTranslation, LawArticle, LawArticleTranslation
from rehber.guides.page_cache import guide_pages

GUIDE_STAFF = (Role.EDITOR, Role.TRANSLATOR)


# Readers ----------------------------------------------------------------------


def guide_index(request):
    profile = request.visitor_profile
    groups = selectors.guide_list_for_reader(
        language=request.LANGUAGE_CODE,
        legal_status=profile.legal_status,
        province_code=profile.province_code,
    )
    return render(request, "guides/guide_index.html", {"groups": groups})


def guide_detail(request, slug):
    language = request.LANGUAGE_CODE
    profile = request.visitor_profile
    legal_status = profile.legal_status
    key = None
    if cacheable(request):
        key = guide_pages.key("guide", language, slug, legal_status, profile.province_code or "")
        cached = guide_pages.get(key)
        if cached is not None:
            return HttpResponse(cached)
    item = selectors.guide_for_reader(slug=slug, language=language)
    if item is None:
        raise Http404(_("No such guide."))
    languages = Language.objects.filter(code__in=selectors.guide_languages(guide=item.guide))
    response = render(
        request,
        "guides/guide_detail.html",
        {
            "item": item,
            "guide": item.guide,
            "translation": item.translation,
            "fits": item.guide.fits(legal_status, profile.province_code),
            "available_languages": languages,
        },
    )
    if key is not None:
        guide_pages.set(key, response.content)
    return response


def saved_guides(request):
    return render(request, "guides/saved_guides.html")


def law_index(request):
    language = request.LANGUAGE_CODE
    laws = [
        {"law": law, "title": selectors.law_title(law=law, language=language)}
        for law in selectors.law_list()
    ]
    return render(request, "guides/law_index.html", {"laws": laws})


def law_detail(request, slug):
    language = request.LANGUAGE_CODE
    found = selectors.law_for_reader(slug=slug, language=language)
    if found is None:
        raise Http404(_("No such law."))
    law, articles = found
    return render(
        request,
        "guides/law_detail.html",
        {
            "law": law,
            "title": selectors.law_title(law=law, language=language),
            "articles": articles,
            "show_translation": language != "tr",
            "can_amend": user_has_role(request.user, [Role.EDITOR])[0],
            "can_translate": user_has_role(request.user, GUIDE_STAFF)[0],
        },
    )


@cache_control(max_age=0, no_cache=True)
def service_worker(request):
    """The offline worker, served from the site root so it can keep any page."""
    response = HttpResponse(
        render_to_string("guides/service_worker.js"), content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


# Staff ------------------------------------------------------------------------


@role_required(*GUIDE_STAFF)
def staff_guides(request):
    languages, rows = selectors.staff_guide_matrix(today=timezone.localdate())
    return render(
        request,
        "guides/staff/guide_matrix.html",
        {
            "languages": languages,
            "rows": rows,
            "counts": selectors.published_status_counts(),
            "outdated": selectors.translations_outdated(),
            "outdated_articles": selectors.law_translations_outdated(),
        },
    )


def _may_edit(user, guide: Guide, language: str) -> tuple[bool, str]:
    """Editors change source texts; translators and editors change translations."""
    if language == guide.source_language:
        return user_has_role(user, [Role.EDITOR])
    return user_has_role(user, GUIDE_STAFF)


@role_required(*GUIDE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_guide_edit(request, slug, language):
    guide = get_object_or_404(Guide, slug=slug)
    get_object_or_404(Language, code=language, enabled=True)
    allowed, reason = _may_edit(request.user, guide, language)
    if not allowed:
        raise PermissionDenied(reason)
    translation = GuideTranslation.objects.filter(guide=guide, language=language).first()
    source = (
        GuideTranslation.objects.filter(guide=guide, language=guide.source_language).first()
        if language != guide.source_language
        else None
    )
    if request.method == "POST":
        form = GuideTextForm(request.POST)
        steps = StepFormSet(request.POST, prefix="steps")
        if form.is_valid() and steps.is_valid():
            content = content_from(form, steps)
            try:
                if request.POST.get("action") == "publish":
                    services.guide_publish(
                        guide=guide,
                        language=language,
                        content=content,
                        actor=request.user,
                        minor=form.cleaned_data["minor"],
                        machine_translated=form.cleaned_data["machine_translated"],
                    )
                    messages.success(request, _("Published."))
                else:
                    services.guide_draft_save(
                        guide=guide, language=language, content=content, actor=request.user
                    )
                    messages.success(
                        request, _("Draft saved. Readers still see the published text.")
                    )
                return redirect("guides:staff_edit", slug=slug, language=language)
            except ValidationError as error:
                form.add_error(None, error)
    else:
        draft = selectors.translation_draft(translation=translation) if translation else None
        if draft is not None:
            content = draft.content
        elif translation is not None:
            content = translation.content()
        elif source is not None:
            content = {"title": "", "steps": [{"title": "", "text": ""} for _s in source.steps]}
        else:
            content = {}
        initial, step_initial = initial_for(content)
        form = GuideTextForm(initial=initial)
        steps = StepFormSet(initial=step_initial, prefix="steps")
    return render(
        request,
        "guides/staff/guide_edit.html",
        {
            "guide": guide,
            "language": Language.objects.get(code=language),
            "translation": translation,
            "source": source,
            "source_language": Language.objects.filter(code=guide.source_language).first(),
            "source_dir": text_direction(guide.source_language),
            "form": form,
            "steps": steps,
            "is_source": language == guide.source_language,
        },
    )


@role_required(*GUIDE_STAFF)
def staff_review_queue(request):
    return render(
        request,
        "guides/staff/review_queue.html",
        {"translations": selectors.translations_awaiting_review()},
    )


@role_required(*GUIDE_STAFF)
@require_POST
def staff_review(request, slug, language):
    translation = selectors.translation_get(slug=slug, language=language)
    if translation is None:
        raise Http404
    try:
        services.guide_translation_review(translation=translation, actor=request.user)
        messages.success(request, _("Marked as reviewed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("guides:staff_review_queue")


@role_required(*GUIDE_STAFF)
def staff_history(request, slug, language):
    translation = selectors.translation_get(slug=slug, language=language)
    if translation is None:
        raise Http404
    return render(
        request,
        "guides/staff/history.html",
        {
            "translation": translation,
            "history": selectors.revision_history(translation=translation),
        },
    )


@role_required(Role.EDITOR)
def staff_stale(request):
    return render(
        request,
        "guides/staff/stale.html",
        {"stale": selectors.guides_stale(today=timezone.localdate())},
    )


@role_required(Role.EDITOR)
@require_POST
def staff_mark_verified(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    services.guide_mark_verified(guide=guide, actor=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("guides:staff_stale")


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_law_amend(request, slug, number):
    article = get_object_or_404(
        LawArticle.objects.select_related("law"), law__slug=slug, number=number
    )
    form = LawAmendForm(
        request.POST or None,
        initial={"text_tr": article.text_tr, "text_is_summary": article.text_is_summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.law_article_amend(
                article=article,
                text_tr=form.cleaned_data["text_tr"],
                text_is_summary=form.cleaned_data["text_is_summary"],
                effective_date=form.cleaned_data["effective_date"],
                act=form.cleaned_data["act"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(
                request, _("Saved. Guides that cite this article are now marked for review.")
            )
            return redirect("guides:staff_stale")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "guides/staff/law_amend.html", {"article": article, "form": form})


@role_required(*GUIDE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_law_translate(request, slug, number, language):
    article = get_object_or_404(
        LawArticle.objects.select_related("law"), law__slug=slug, number=number
    )
    target = get_object_or_404(Language, code=language, enabled=True)
    if language == "tr":
        raise Http404(_("The Turkish text is the original; record a change of the law instead."))
    translation = LawArticleTranslation.objects.filter(article=article, language=language).first()
    initial = {}
    if translation is not None:
        initial = {"heading": translation.heading, "text": translation.text}
    form = LawTranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.law_article_translation_save(
                article=article,
                language=language,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                machine_translated=form.cleaned_data["machine_translated"],
                actor=request.user,
            )
            messages.success(request, _("Published."))
            return redirect("guides:staff_index")
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "guides/staff/law_translate.html",
        {
            "article": article,
            "language": target,
            "translation": translation,
            "form": form,
        },
    )
