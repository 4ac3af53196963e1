from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.models import District, Language
from rehber.core.selectors import province_choices
from rehber.directory import hours
from rehber.directory.models import FEEDBACK_QUESTIONS, Category, Gender


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
    age = forms.IntegerField(label=_("My age"), min_value=0, max_value=120, required=False)
    gender = forms.ChoiceField(
        label=_("Services for"),
        choices=[
            ("", _("Anyone")),
            (Gender.WOMEN, Gender.WOMEN.label),
            (Gender.MEN, Gender.MEN.label),
        ],
        required=False,
        help_text=_("Services for everyone are always shown."),
    )
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


#: What went wrong in hours typed as text, in the reader's language.
HOURS_TEXT_ERRORS = {
    hours.HoursTextError.DAY: _("Line %(line)s: start with the day, 1 (Monday) to 7 (Sunday)."),
    hours.HoursTextError.NO_HOURS: _("Line %(line)s: give the hours, like 08:30-17:30."),
    hours.HoursTextError.SPAN: _("Line %(line)s: write hours as 08:30-17:30."),
    hours.HoursTextError.TIME: _("Line %(line)s: write times as HH:MM, like 08:30."),
}
HOURS_SPAN_ERRORS = {
    hours.HoursTextError.SPAN: _("Write hours as 08:30-17:30."),
    hours.HoursTextError.TIME: _("Write times as HH:MM, like 08:30."),
}


def hours_text_message(error: hours.HoursTextError) -> str:
    if error.line:
        return HOURS_TEXT_ERRORS[error.problem] % {"line": error.line}
    return str(HOURS_SPAN_ERRORS[error.problem])


def weekly_text_clean(text: str) -> dict:
    """Weekly hours typed one line a day -> the stored mapping; a message in the
    reader's language when a line cannot be read."""
    try:
        return hours.weekly_dump(hours.weekly_from_text(text))
    except hours.HoursTextError as error:
        raise forms.ValidationError(hours_text_message(error)) from None


WEEKLY_HOURS_HELP = _(
    "One line a day: the day (1 = Monday … 7 = Sunday), then the hours. "
    "Example: 1 08:30-12:30 13:30-17:30. Hours past midnight: 5 20:00-08:00."
)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    """Four yes/no questions, each optional, and a few words if the person wants."""

    was_open = forms.ChoiceField(
        label=FEEDBACK_QUESTIONS["was_open"],
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    was_served = forms.ChoiceField(
        label=FEEDBACK_QUESTIONS["was_served"],
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    in_my_language = forms.ChoiceField(
        label=FEEDBACK_QUESTIONS["in_my_language"],
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    respectful = forms.ChoiceField(
        label=FEEDBACK_QUESTIONS["respectful"],
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        help_text=_("Do not write names, phone numbers or your case details."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    anonymous = forms.BooleanField(
        label=_("Send without my account (anonymous)"), required=False, initial=True
    )

    def answers(self) -> dict[str, bool | None]:
        return {
            name: {"yes": True, "no": False}.get(self.cleaned_data.get(name) or "")
            for name in FEEDBACK_QUESTIONS
        }


class PlaceContactForm(forms.Form):
    """Phone, step-free access, languages spoken and weekly hours of a place: in the
    staff's record of a place and in the service edits staff and providers make."""

    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr"}),
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    weekly_hours = forms.CharField(
        label=_("Weekly hours"),
        help_text=WEEKLY_HOURS_HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "ltr"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages_spoken"].choices = list(
            Language.objects.enabled().values_list("code", "native_name")
        )

    def clean_weekly_hours(self):
        return weekly_text_clean(self.cleaned_data["weekly_hours"])


class ServiceEditForm(PlaceContactForm):
    """The fields of a service that staff edit and providers propose."""

    free = forms.BooleanField(label=_("Free of charge"), required=False)
    referral_needed = forms.BooleanField(label=_("Referral needed"), required=False)
    description_ar = forms.CharField(
        label=_("Description in Arabic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
    )
    description_tr = forms.CharField(
        label=_("Description in Turkish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "tr", "dir": "ltr"}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en", "dir": "ltr"}),
    )
    description_fa = forms.CharField(
        label=_("Description in Persian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fa", "dir": "rtl"}),
    )

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "phone": data["phone"],
            "step_free": data["step_free"],
            "languages_spoken": data["languages_spoken"],
            "weekly_hours": data["weekly_hours"],
            "free": data["free"],
            "referral_needed": data["referral_needed"],
            "description": {code: data[f"description_{code}"] for code in ("ar", "tr", "en", "fa")},
        }

    @staticmethod
    def initial_for(values: dict) -> dict:
        initial = {name: values[name] for name in ("phone", "step_free", "free", "referral_needed")}
        initial["languages_spoken"] = values["languages_spoken"]
        initial["weekly_hours"] = hours.weekly_to_text(hours.weekly_parse(values["weekly_hours"]))
        for code in ("ar", "tr", "en", "fa"):
            initial[f"description_{code}"] = (values["description"] or {}).get(code, "")
        return initial
