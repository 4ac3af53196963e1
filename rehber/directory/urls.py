from django.urls import path

from rehber.directory import views

app_name = "directory"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/<int:pk>/", views.service_detail, name="detail"),
]
