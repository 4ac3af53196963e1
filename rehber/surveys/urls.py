from django.urls import path

from rehber.surveys import views
from rehber.surveys.analysis import views as analysis_views

app_name = "surveys"

urlpatterns = [
    path("staff/surveys/", views.staff_forms, name="staff_forms"),
    path("staff/surveys/entry/", views.entry_home, name="entry_home"),
    path("staff/surveys/entry/<slug:form_id>/", views.entry, name="entry"),
    path("staff/surveys/submissions/<int:pk>/", views.staff_submission, name="staff_submission"),
    path("staff/surveys/<slug:form_id>/", views.staff_form, name="staff_form"),
    path(
        "staff/surveys/<slug:form_id>/submissions/",
        views.staff_submissions,
        name="staff_submissions",
    ),
    path("staff/surveys/<slug:form_id>/import/", views.staff_import, name="staff_import"),
    path("staff/surveys/<slug:form_id>/analysis/", analysis_views.analysis, name="analysis"),
    path(
        "staff/surveys/<slug:form_id>/analysis/export/",
        analysis_views.analysis_export,
        name="analysis_export",
    ),
    path(
        "staff/surveys/<slug:form_id>/analysis/publish/",
        analysis_views.analysis_publish,
        name="analysis_publish",
    ),
    path(
        "staff/surveys/<slug:form_id>/analysis/microdata/",
        analysis_views.microdata,
        name="microdata",
    ),
    path(
        "staff/surveys/published/<int:pk>/withdraw/",
        analysis_views.published_withdraw,
        name="published_withdraw",
    ),
    path("surveys/", analysis_views.public_list, name="public_list"),
    path("surveys/<int:pk>/", analysis_views.public_detail, name="public_detail"),
]
