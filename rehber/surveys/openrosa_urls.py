"""OpenRosa endpoints, outside the language prefixes: give clients ``https://<host>/openrosa``."""

from django.urls import path

from rehber.surveys import openrosa

app_name = "openrosa"

urlpatterns = [
    path("formList", openrosa.form_list, name="form_list"),
    path("forms/<slug:form_id>/form.xml", openrosa.form_xml, name="form_xml"),
    path("submission", openrosa.submission, name="submission"),
]
