from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.surveys.models import ReviewState


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        help_text=_("A new version of a form needs the same form_id and a new version."),
    )


class ExportImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export file (.csv or .xlsx)"),
        help_text=_(
            "An export from KoBoToolbox or ODK Central. If any row has a problem, nothing is "
            "saved and you get a list of the problems."
        ),
    )


class ReviewForm(forms.Form):
    state = forms.ChoiceField(label=_("Review state"), choices=ReviewState.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    send_back = forms.BooleanField(
        label=_("Send back to the enumerator with this comment"), required=False
    )
