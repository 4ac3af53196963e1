from django.urls import path

from rehber.directory import views
from rehber.directory.views import records

app_name = "directory"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/<int:pk>/", views.service_detail, name="detail"),
    path("services/<int:pk>/feedback/", views.service_feedback, name="feedback"),
    path("services/provider/", views.provider_home, name="provider_home"),
    path("services/provider/<int:pk>/propose/", views.provider_propose, name="provider_propose"),
    path("staff/services/", views.staff_services, name="staff_services"),
    path("staff/services/due/", views.staff_verification_due, name="staff_verification_due"),
    path("staff/services/proposals/", views.staff_proposals, name="staff_proposals"),
    path(
        "staff/services/proposals/<int:pk>/decide/",
        views.staff_proposal_decide,
        name="staff_proposal_decide",
    ),
    path("staff/services/feedback/", views.staff_feedback, name="staff_feedback"),
    path(
        "staff/services/feedback/<int:pk>/decide/",
        views.staff_feedback_decide,
        name="staff_feedback_decide",
    ),
    path("staff/services/<int:pk>/", views.staff_service_edit, name="staff_service_edit"),
    path("staff/services/<int:pk>/verified/", views.staff_mark_verified, name="staff_verified"),
    path("staff/services/organizations/", records.staff_organizations, name="staff_organizations"),
    path(
        "staff/services/organizations/new/",
        records.staff_organization_create,
        name="staff_organization_create",
    ),
    path(
        "staff/services/organizations/<int:pk>/",
        records.staff_organization_edit,
        name="staff_organization_edit",
    ),
    path(
        "staff/services/organizations/<int:pk>/places/new/",
        records.staff_point_create,
        name="staff_point_create",
    ),
    path("staff/services/places/<int:pk>/", records.staff_point_edit, name="staff_point_edit"),
    path(
        "staff/services/places/<int:pk>/exceptions/",
        records.staff_exception_add,
        name="staff_exception_add",
    ),
    path(
        "staff/services/exceptions/<int:pk>/remove/",
        records.staff_exception_remove,
        name="staff_exception_remove",
    ),
    path(
        "staff/services/places/<int:pk>/services/new/",
        records.staff_service_create,
        name="staff_service_create",
    ),
    path(
        "staff/services/<int:pk>/record/",
        records.staff_service_record,
        name="staff_service_record",
    ),
]
