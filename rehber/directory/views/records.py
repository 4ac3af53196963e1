"""Editors create and change organizations, their places and services.

Records are content, kept by editors (as guides are). Each page is a plain form
that keeps what was typed when something is wrong; every write goes through
``services`` and is audited there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.directory import selectors, services
from rehber.directory.models import (
    HoursException,
    LocalizedText,
    Organization,
    Service,
    ServicePoint,
)
from rehber.directory.record_forms import (
    HoursExceptionForm,
    OrganizationForm,
    ServicePointForm,
    ServiceRecordForm,
    SourceFormSet,
    errors_to_form,
    sources_from,
)
from rehber.directory.services import records


def _name(record, language):
    return LocalizedText(record.name, language)


@role_required(Role.EDITOR)
def staff_organizations(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.staff_organization_list(query=query), 50).get_page(
        request.GET.get("page")
    )
    rows = [{"organization": o, "name": _name(o, request.LANGUAGE_CODE)} for o in page]
    return render(
        request,
        "directory/staff/organizations.html",
        {"page": page, "rows": rows, "query": query},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            organization = services.organization_create(
                slug=records.organization_slug_new(values["name"]), actor=request.user, **values
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved. Now add its first place."))
            return redirect("directory:staff_point_create", pk=organization.pk)
    return render(
        request, "directory/staff/organization_form.html", {"form": form, "organization": None}
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_organization_edit(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    form = OrganizationForm(
        request.POST or None, initial=OrganizationForm.initial_for(organization)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = records.organization_update(
                organization=organization, actor=request.user, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("directory:staff_organization_edit", pk=organization.pk)
    points = [
        {"point": point, "name": _name(point, request.LANGUAGE_CODE)}
        for point in selectors.organization_points(organization=organization)
    ]
    return render(
        request,
        "directory/staff/organization_form.html",
        {
            "form": form,
            "organization": organization,
            "title": _name(organization, request.LANGUAGE_CODE),
            "points": points,
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_point_create(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    form = ServicePointForm(request.POST or None, initial=ServicePointForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            point = services.service_point_create(
                organization=organization, actor=request.user, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved. Now add the help given there."))
            return redirect("directory:staff_service_create", pk=point.pk)
    return render(
        request,
        "directory/staff/point_form.html",
        {
            "form": form,
            "organization": organization,
            "organization_name": _name(organization, request.LANGUAGE_CODE),
            "point": None,
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_point_edit(request, pk):
    point = get_object_or_404(ServicePoint.objects.with_place(), pk=pk)
    form = ServicePointForm(request.POST or None, initial=ServicePointForm.initial_for(point))
    if request.method == "POST" and form.is_valid():
        try:
            changed = records.service_point_update(point=point, actor=request.user, **form.values())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("directory:staff_point_edit", pk=point.pk)
    return _point_page(request, point, form=form, exception_form=HoursExceptionForm())


def _point_page(request, point, *, form, exception_form, status=200):
    language = request.LANGUAGE_CODE
    return render(
        request,
        "directory/staff/point_form.html",
        {
            "form": form,
            "point": point,
            "title": _name(point, language),
            "organization": point.organization,
            "organization_name": _name(point.organization, language),
            "services": point.services.order_by("category"),
            "exceptions": point.exceptions.all(),
            "exception_form": exception_form,
        },
        status=status,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_exception_add(request, pk):
    """Other hours on one date; the form sits on the place's page, and on its own
    page when what was typed needs fixing."""
    point = get_object_or_404(ServicePoint.objects.with_place(), pk=pk)
    form = HoursExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_exception_set(point=point, actor=request.user, **form.values())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:staff_point_edit", pk=point.pk)
    return render(
        request,
        "directory/staff/exception_form.html",
        {"form": form, "point": point, "title": _name(point, request.LANGUAGE_CODE)},
    )


@role_required(Role.EDITOR)
@require_POST
def staff_exception_remove(request, pk):
    exception = get_object_or_404(HoursException, pk=pk)
    point = records.hours_exception_remove(exception=exception, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("directory:staff_point_edit", pk=point.pk)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_service_create(request, pk):
    point = get_object_or_404(ServicePoint.objects.with_place(), pk=pk)
    form = ServiceRecordForm(request.POST or None, initial=ServiceRecordForm.initial_for(None))
    sources = SourceFormSet(request.POST or None, prefix="sources")
    if request.method == "POST" and form.is_valid() and sources.is_valid():
        try:
            service = services.service_create(
                point=point, sources=sources_from(sources), actor=request.user, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:staff_point_edit", pk=service.point_id)
    return _service_page(request, point, None, form, sources)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_service_record(request, pk):
    service = get_object_or_404(Service.objects.for_reader(), pk=pk)
    form = ServiceRecordForm(request.POST or None, initial=ServiceRecordForm.initial_for(service))
    sources = SourceFormSet(request.POST or None, prefix="sources", initial=service.sources)
    if request.method == "POST" and form.is_valid() and sources.is_valid():
        try:
            changed = records.service_record_update(
                service=service, sources=sources_from(sources), actor=request.user, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("directory:staff_service_record", pk=service.pk)
    return _service_page(request, service.point, service, form, sources)


def _service_page(request, point, service, form, sources):
    return render(
        request,
        "directory/staff/service_record_form.html",
        {
            "form": form,
            "sources": sources,
            "point": point,
            "point_name": _name(point, request.LANGUAGE_CODE),
            "service": service,
        },
    )
