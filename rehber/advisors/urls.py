from django.urls import path

from rehber.advisors import views

app_name = "advisors"

urlpatterns = [
    path("advisors/", views.advisor_index, name="index"),
    path("advisors/<slug:advisor>/", views.advisor_start, name="start"),
    path("advisors/<slug:advisor>/questions/", views.advisor_question, name="question"),
    path("advisors/<slug:advisor>/result/", views.advisor_result, name="result"),
    path("staff/advisors/", views.staff_index, name="staff_index"),
    path("staff/advisors/<slug:advisor>/versions/", views.staff_versions, name="staff_versions"),
    path("staff/advisors/<slug:advisor>/explain/", views.staff_explain, name="staff_explain"),
    path("staff/advisors/values/<str:key>/", views.staff_value_edit, name="staff_value_edit"),
]
