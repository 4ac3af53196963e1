from django.urls import path

from rehber.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-situation/", views.visitor_profile_edit, name="visitor_profile"),
    path("search/", views.search_page, name="search"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/audit/", views.audit_log, name="audit_log"),
]
