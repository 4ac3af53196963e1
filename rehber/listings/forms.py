from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.models import District, Language, Province
from rehber.listings.models import (
    Listing,
    ListingKind,
    ReportReason,
    Sector,
    VerificationKind,
)
from rehber.listings.plain_text import plain_text_has_markup
from rehber.listings.selectors import Sort
from rehber.listings.services import COMMON_FIELDS, HOUSING_FIELDS, JOB_FIELDS, ModerationAction

PLAIN_TEXT_ERROR = _(
    "Please write plain text only. Remove the code in angle brackets, like <b> or <script>."
)


def _province_choices():
    return [("", "—"), *((p.pk, p.name) for p in Province.objects.all())]


def _district_choices(province_id):
    districts = District.objects.filter(province_id=province_id) if province_id else []
    return [("", "—"), *((d.pk, d.name) for d in districts)]


def _province_from(form) -> int | None:
    value = form.data.get(form.add_prefix("province")) if form.is_bound else None
    value = value or form.initial.get("province")
    value = getattr(value, "pk", value)
    return int(value) if str(value or "").isdigit() else None


class ListingForm(forms.ModelForm):
    """What a poster types. Only the fields of the listing's kind are shown and saved."""

    language = forms.ChoiceField(label=_("Language you write in"))

    class Meta:
        model = Listing
        fields = [*COMMON_FIELDS, *HOUSING_FIELDS, *JOB_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "title": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "description": _(
                "Do not write your phone number or e-mail: we hide them. "
                "People contact you through Rehber."
            ),
            "district": _("Choose the province first, then press Preview to see its districts."),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["language"].choices = [
            (language.code, language.native_name) for language in Language.objects.enabled()
        ]
        self.fields["province"] = forms.TypedChoiceField(
            label=_("Province"), choices=_province_choices(), coerce=int
        )
        self.fields["district"] = forms.TypedChoiceField(
            label=_("District"),
            choices=_district_choices(_province_from(self)),
            coerce=int,
            required=False,
            empty_value=None,
            help_text=self._meta.help_texts["district"],
        )
        hidden = JOB_FIELDS if kind == ListingKind.HOUSING else HOUSING_FIELDS
        for name in hidden:
            del self.fields[name]
        if kind == ListingKind.HOUSING:
            self.fields["monthly_rent"].required = True
        else:
            self.fields["sector"].required = True
            self.fields["employment_type"].required = True
        for name in ("title", "description", "organization_name", "languages_required"):
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"

    @property
    def common_fields(self):
        return [self[name] for name in COMMON_FIELDS]

    @property
    def kind_fields(self):
        names = HOUSING_FIELDS if self.kind == ListingKind.HOUSING else JOB_FIELDS
        return [self[name] for name in names]

    def _plain(self, name):
        value = self.cleaned_data.get(name) or ""
        if plain_text_has_markup(value):
            raise forms.ValidationError(PLAIN_TEXT_ERROR)
        return value

    def clean_title(self):
        return self._plain("title")

    def clean_description(self):
        return self._plain("description")

    def clean_organization_name(self):
        return self._plain("organization_name")

    def clean_languages_required(self):
        return self._plain("languages_required")

    def clean_province(self):
        province = Province.objects.filter(pk=self.cleaned_data["province"]).first()
        if province is None:
            raise forms.ValidationError(_("Choose a province."))
        return province

    def clean_district(self):
        district_id = self.cleaned_data.get("district")
        if district_id is None:
            return None
        return District.objects.filter(pk=district_id).first()

    def clean(self):
        cleaned = super().clean()
        province, district = cleaned.get("province"), cleaned.get("district")
        if province and district and district.province_id != province.pk:
            self.add_error("district", _("This district is not in the chosen province."))
        if cleaned.get("women_only") and cleaned.get("families_only"):
            self.add_error("families_only", _("Choose women only or families only, not both."))
        return cleaned

    def _post_clean(self):
        # The service checks and saves the listing; the form only reads what was typed.
        pass

    def listing_data(self) -> dict:
        return dict(self.cleaned_data)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def clean_text(self):
        value = self.cleaned_data["text"]
        if plain_text_has_markup(value):
            raise forms.ValidationError(PLAIN_TEXT_ERROR)
        return value


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB. We remove the place and camera details."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=60,
        help_text=_("Say which program uses it, such as: our website."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def clean_text(self):
        value = self.cleaned_data["text"]
        if plain_text_has_markup(value):
            raise forms.ValidationError(PLAIN_TEXT_ERROR)
        return value


class ModerationForm(forms.Form):
    listings = forms.TypedMultipleChoiceField(
        label=_("Listings"),
        coerce=int,
        error_messages={"required": _("Tick at least one listing.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ModerationAction.APPROVE, _("Approve and publish")),
            (ModerationAction.REJECT, _("Reject")),
            (ModerationAction.REMOVE, _("Remove")),
            (ModerationAction.RESTORE, _("Show again (the reports were wrong)")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (the poster reads it)"), required=False, max_length=300
    )

    def __init__(self, *args, listing_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listings"].choices = [(pk, str(pk)) for pk in listing_ids]


class VerifyForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the poster's account"))
    kind = forms.ChoiceField(
        label=_("Verified as"), choices=VerificationKind.choices, widget=forms.RadioSelect
    )
    organization_name = forms.CharField(
        label=_("Name of the organization or company"), max_length=120
    )
    tax_number = forms.CharField(
        label=_("Tax number (VKN), for employers"),
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


def _yes(label):
    return forms.BooleanField(label=label, required=False)


class SeekForm(forms.Form):
    """The filters of the listing search. Every field is optional; bad values are ignored."""

    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ListingKind.choices]
    )
    province = forms.TypedChoiceField(
        label=_("Province"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    rent_min = forms.IntegerField(label=_("Rent from (TRY)"), required=False, min_value=0)
    rent_max = forms.IntegerField(label=_("Rent up to (TRY)"), required=False, min_value=0)
    rooms = forms.IntegerField(
        label=_("Rooms, at least"), required=False, min_value=1, max_value=20
    )
    furnished = _yes(_("Furnished"))
    women_only = _yes(_("For women only"))
    families_only = _yes(_("For families only"))
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices]
    )
    sgk_registration = _yes(_("Registered with SGK"))
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            (Sort.NEWEST, _("Newest first")),
            (Sort.RENT_LOW, _("Rent: lowest first")),
            (Sort.RENT_HIGH, _("Rent: highest first")),
            (Sort.RELEVANCE, _("Best match for the words")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _province_choices()
        self.fields["district"].choices = _district_choices(_province_from(self))

    MAIN = ("q", "kind", "province", "district", "sort")

    @property
    def main_fields(self):
        names = [
            name for name in self.MAIN if name != "district" or self["district"].field.choices[1:]
        ]
        return [self[name] for name in names]

    @property
    def more_fields(self):
        return [self[name] for name in self.fields if name not in self.MAIN]

    @property
    def more_used(self) -> bool:
        return any(self.data.get(name) for name in self.fields if name not in self.MAIN)

    def filters(self) -> dict:
        """The valid filters; a field with a bad value is left out rather than refused."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        for name in self.errors:
            data.pop(name, None)
        return data
