from django.urls import path

from rehber.surveys import views

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
]
