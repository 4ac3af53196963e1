from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.models import District, Language
from rehber.core.selectors import province_choices
from rehber.directory.models import Category


class ServiceFilterForm(forms.Form):
    """The filters of the directory page, read from the query string."""

    category = forms.ChoiceField(
        label=_("Kind of help"), choices=[("", _("All kinds")), *Category.choices], required=False
    )
    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, empty_value=None, required=False
    )
    district = forms.TypedChoiceField(
        label=_("District (nearest first)"), coerce=int, empty_value=None, required=False
    )
    lang = forms.ChoiceField(label=_("Language spoken"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    for_me = forms.BooleanField(label=_("Only services for my legal status"), required=False)
    lat = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *province_choices()]
        self.fields["lang"].choices = [
            ("", _("Any language")),
            *Language.objects.enabled().values_list("code", "native_name"),
        ]
        province = self.data.get("province") if self.is_bound else None
        districts = []
        if province and str(province).isdigit():
            districts = list(
                District.objects.filter(province__code=int(province)).values_list("pk", "name")
            )
        self.fields["district"].choices = [("", _("Any district")), *districts]

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Your location came without both coordinates."))
        return data
