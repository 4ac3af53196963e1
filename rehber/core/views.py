from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehber.accounts.roles import Role
from rehber.core.access import ANY_STAFF_ROLE, next_url_or, role_required, user_has_role
from rehber.core.forms import AuditFilterForm, VisitorProfileForm
from rehber.core.search.forms import SearchForm
from rehber.core.search.selectors import search
from rehber.core.selectors import audit_action_names, audit_entry_page, province_get
from rehber.core.visitor import VisitorProfile, visitor_profile_forget, visitor_profile_save


def home(request):
    profile = request.visitor_profile
    province = province_get(code=profile.province_code) if profile.province_code else None
    return render(request, "core/home.html", {"province": province})


@require_http_methods(["GET", "HEAD"])
def search_page(request):
    """Guides, laws, listings and services in every language, shown in the reader's."""
    form = SearchForm(request.GET)
    query, results = "", []
    if form.is_valid():
        query = form.cleaned_data["q"]
        kind = form.cleaned_data["kind"]
        if query:
            results = search(
                query=query, language=request.LANGUAGE_CODE, kinds=[kind] if kind else None
            )
    return render(
        request,
        "core/search.html",
        {"form": form, "query": query, "results": results, "asked": "q" in request.GET},
    )


@require_http_methods(["GET", "POST"])
def visitor_profile_edit(request):
    current = request.visitor_profile
    if request.method == "POST":
        if "forget" in request.POST:
            response = redirect(next_url_or(request, request.path))
            visitor_profile_forget(response)
            messages.success(request, _("We forgot your answers. Nothing about you is kept."))
            return response
        form = VisitorProfileForm(request.POST)
        if form.is_valid():
            profile = VisitorProfile(
                legal_status=form.cleaned_data["legal_status"],
                province_code=form.cleaned_data["province"],
            )
            response = redirect(next_url_or(request, request.path))
            visitor_profile_save(response, profile)
            messages.success(request, _("Saved. Pages will show what fits you first."))
            return response
    else:
        form = VisitorProfileForm(
            initial={"legal_status": current.legal_status, "province": current.province_code}
        )
    return render(
        request,
        "core/visitor_profile.html",
        {"form": form, "next": next_url_or(request, "")},
    )


@role_required(*ANY_STAFF_ROLE)
def staff_dashboard(request):
    user = request.user
    pages = [
        {
            "url_name": "guides:staff_index",
            "title": _("Guides and translations"),
            "roles": [Role.EDITOR, Role.TRANSLATOR],
        },
        {
            "url_name": "guides:staff_review_queue",
            "title": _("Translations to review"),
            "roles": [Role.EDITOR, Role.TRANSLATOR],
        },
        {"url_name": "guides:staff_stale", "title": _("Guides to check"), "roles": [Role.EDITOR]},
        {
            "url_name": "directory:staff_services",
            "title": _("Service records"),
            "roles": [Role.EDITOR],
        },
        {
            "url_name": "directory:staff_verification_due",
            "title": _("Verification due"),
            "roles": [Role.EDITOR],
        },
        {
            "url_name": "directory:staff_feedback",
            "title": _("Feedback to moderate"),
            "roles": [Role.MODERATOR],
        },
        {
            "url_name": "advisors:staff_index",
            "title": _("Advisors: rules and values"),
            "roles": [Role.EDITOR, Role.ADMIN],
        },
        {"url_name": "surveys:staff_forms", "title": _("Survey forms"), "roles": [Role.ANALYST]},
        {
            "url_name": "surveys:entry_home",
            "title": _("Survey data entry"),
            "roles": [Role.ENUMERATOR],
        },
        {
            "url_name": "listings:staff_queue",
            "title": _("Listings to check"),
            "roles": [Role.MODERATOR],
        },
        {
            "url_name": "listings:staff_verify",
            "title": _("Verified posters"),
            "roles": [Role.MODERATOR],
        },
        {"url_name": "core:audit_log", "title": _("Audit log"), "roles": [Role.ADMIN]},
        {"url_name": "admin:index", "title": _("Administration"), "roles": [Role.ADMIN]},
    ]
    open_pages = [page for page in pages if user_has_role(user, page["roles"])[0]]
    roles = sorted(Role(name).label for name in user.role_names)
    return render(request, "core/staff_dashboard.html", {"pages": open_pages, "roles": roles})


@role_required(Role.ADMIN)
def audit_log(request):
    form = AuditFilterForm(request.GET or None, actions=audit_action_names())
    action = form.cleaned_data["action"] if form.is_valid() else ""
    page = audit_entry_page(
        viewer=request.user, action=action, page_number=request.GET.get("page", 1)
    )
    return render(request, "core/audit_log.html", {"form": form, "page": page, "action": action})
