"""Forms of the editors' record pages: organizations, places, date exceptions, services.

Texts kept per language get one input per content language, marked with that
language's ``lang`` and ``dir``; hours are typed as text and read by the same
rules as the service edit form (``forms.weekly_text_clean``).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from rehber.core.models import District, LegalStatus, Province, text_direction
from rehber.core.selectors import province_choices
from rehber.directory import hours
from rehber.directory.forms import PlaceContactForm, hours_text_message, weekly_text_clean
from rehber.directory.models import (
    Category,
    Gender,
    Organization,
    OrganizationKind,
    Service,
    ServicePoint,
)
from rehber.directory.services import CONTENT_LANGUAGES

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def add_text_fields(form: forms.Form, name: str, label, *, textarea: bool = False) -> None:
    """One input per content language for the per-language text ``name``."""
    for code in CONTENT_LANGUAGES:
        attrs = {"lang": code, "dir": text_direction(code)}
        widget = forms.Textarea(attrs={"rows": 2, **attrs}) if textarea else forms.TextInput(attrs)
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=format_lazy("{} · {}", label, LANGUAGE_NAMES[code]),
            required=False,
            max_length=2000 if textarea else 300,
            widget=widget,
        )


def texts_from(data: dict, name: str) -> dict:
    return {code: data.get(f"{name}_{code}") or "" for code in CONTENT_LANGUAGES}


def texts_initial(texts: dict | None, name: str) -> dict:
    return {f"{name}_{code}": (texts or {}).get(code, "") for code in CONTENT_LANGUAGES}


def errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """Put the errors of a service call beside the inputs they are about."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        targets = [name for name in form.fields if name == field or name.startswith(f"{field}_")]
        form.add_error(targets[0] if targets else None, errors)


class OrganizationForm(forms.Form):
    kind = forms.ChoiceField(label=_label(Organization, "kind"), choices=OrganizationKind.choices)
    is_demo = forms.BooleanField(
        label=_label(Organization, "is_demo"),
        help_text=Organization._meta.get_field("is_demo").help_text,
        required=False,
    )
    website = forms.URLField(
        label=_label(Organization, "website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "name", _("Name"))
        self.order_fields([f"name_{code}" for code in CONTENT_LANGUAGES])

    def clean(self):
        data = super().clean()
        if not any(texts_from(data, "name").values()):
            self.add_error("name_en", _("Give this text in at least one language."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": texts_from(data, "name"),
            "kind": data["kind"],
            "is_demo": data["is_demo"],
            "website": data["website"],
        }

    @staticmethod
    def initial_for(organization: Organization) -> dict:
        return {
            **texts_initial(organization.name, "name"),
            "kind": organization.kind,
            "is_demo": organization.is_demo,
            "website": organization.website,
        }


def district_choices(province_code) -> list:
    """The districts of the province when it is known, else every district grouped
    under its province: without JavaScript the list follows the province on each save."""
    districts = District.objects.all()
    if (
        str(province_code or "").isdigit()
        and districts.filter(province__code=province_code).exists()
    ):
        rows = districts.filter(province__code=province_code).values_list("pk", "name")
        return [("", "—"), *rows]
    groups: dict[str, list] = {}
    for pk, name, province in districts.values_list("pk", "name", "province__name_tr"):
        groups.setdefault(province, []).append((pk, name))
    return [("", "—"), *groups.items()]


class DistrictField(forms.TypedChoiceField):
    """Any district id is accepted here; the form checks that it is in the province."""

    def valid_value(self, value):
        return str(value).isdigit()


class ServicePointForm(PlaceContactForm):
    address_is_approximate = forms.BooleanField(
        label=_label(ServicePoint, "address_is_approximate"),
        help_text=ServicePoint._meta.get_field("address_is_approximate").help_text,
        required=False,
    )
    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    district = DistrictField(
        label=_label(ServicePoint, "district"), coerce=int, empty_value=None, required=False
    )
    latitude = forms.FloatField(
        label=_label(ServicePoint, "latitude"),
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("Optional. Without it the place stands at the centre of its district."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    longitude = forms.FloatField(
        label=_label(ServicePoint, "longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    ramadan_hours = forms.CharField(
        label=_label(ServicePoint, "ramadan_hours"),
        help_text=ServicePoint._meta.get_field("ramadan_hours").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "ltr"}),
    )
    closed_on_public_holidays = forms.BooleanField(
        label=_label(ServicePoint, "closed_on_public_holidays"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "name", _("Name"))
        add_text_fields(self, "address", _("Address"), textarea=True)
        add_text_fields(self, "directions", _label(ServicePoint, "directions"), textarea=True)
        self.fields["directions_en"].help_text = ServicePoint._meta.get_field(
            "directions"
        ).help_text
        self.order_fields(
            [f"{name}_{code}" for name in ("name", "address") for code in CONTENT_LANGUAGES]
            + ["address_is_approximate"]
            + [f"directions_{code}" for code in CONTENT_LANGUAGES]
            + ["province", "district", "latitude", "longitude"]
        )
        self.fields["province"].choices = [("", "—"), *province_choices()]
        province = self.data.get("province") if self.is_bound else self.initial.get("province")
        self.fields["district"].choices = district_choices(province)

    def clean_ramadan_hours(self):
        return weekly_text_clean(self.cleaned_data["ramadan_hours"])

    def clean(self):
        data = super().clean()
        if not any(texts_from(data, "name").values()):
            self.add_error("name_en", _("Give this text in at least one language."))
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        province, district = data.get("province"), data.get("district")
        if province is not None:
            data["province"] = Province.objects.filter(code=province).first()
            if data["province"] is None:
                self.add_error("province", _("Unknown value."))
        if district is not None:
            data["district"] = District.objects.filter(pk=district).first()
            if data["district"] is None:
                self.add_error("district", _("Unknown value."))
            elif data.get("province") and data["district"].province_id != data["province"].pk:
                self.add_error("district", _("This district is in another province."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": texts_from(data, "name"),
            "address": texts_from(data, "address"),
            "directions": texts_from(data, "directions"),
            "address_is_approximate": data["address_is_approximate"],
            "province": data["province"],
            "district": data["district"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "phone": data["phone"],
            "step_free": data["step_free"],
            "languages_spoken": data["languages_spoken"],
            "weekly_hours": data["weekly_hours"],
            "ramadan_hours": data["ramadan_hours"],
            "closed_on_public_holidays": data["closed_on_public_holidays"],
        }

    @staticmethod
    def initial_for(point: ServicePoint | None) -> dict:
        if point is None:
            return {"closed_on_public_holidays": True}
        return {
            **texts_initial(point.name, "name"),
            **texts_initial(point.address, "address"),
            **texts_initial(point.directions, "directions"),
            "address_is_approximate": point.address_is_approximate,
            "province": point.province.code,
            "district": point.district_id,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "phone": point.phone,
            "step_free": point.step_free,
            "languages_spoken": point.languages_spoken,
            "weekly_hours": hours.weekly_to_text(hours.weekly_parse(point.weekly_hours)),
            "ramadan_hours": hours.weekly_to_text(hours.weekly_parse(point.ramadan_hours)),
            "closed_on_public_holidays": point.closed_on_public_holidays,
        }


class HoursExceptionForm(forms.Form):
    """Other hours at one place on one date: a holiday, a day off, shorter hours."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    intervals = forms.CharField(
        label=_("Hours that day"),
        help_text=_("Like 10:00-13:00. Leave empty when the place is closed all day."),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "note", _("Note"))

    def clean_intervals(self):
        try:
            parsed = hours.intervals_from_text(self.cleaned_data["intervals"])
        except hours.HoursTextError as error:
            raise forms.ValidationError(hours_text_message(error)) from None
        return [[f"{i.opens:%H:%M}", f"{i.closes:%H:%M}"] for i in parsed]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "intervals": data["intervals"],
            "note": texts_from(data, "note"),
        }


class ServiceRecordForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of help"), choices=Category.choices)
    legal_statuses = forms.MultipleChoiceField(
        label=_label(Service, "legal_statuses"),
        help_text=Service._meta.get_field("legal_statuses").help_text,
        choices=LegalStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nationalities = forms.CharField(
        label=_label(Service, "nationalities"),
        help_text=_(
            "Two-letter country codes with spaces between, like SY AF IQ. Empty: everyone."
        ),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    min_age = forms.IntegerField(
        label=_label(Service, "min_age"), min_value=0, max_value=120, required=False
    )
    max_age = forms.IntegerField(
        label=_label(Service, "max_age"), min_value=0, max_value=120, required=False
    )
    gender = forms.ChoiceField(label=_label(Service, "gender"), choices=Gender.choices)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    referral_needed = forms.BooleanField(label=_("Referral needed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in (
            ("ar", _("Description in Arabic")),
            ("tr", _("Description in Turkish")),
            ("en", _("Description in English")),
            ("fa", _("Description in Persian")),
        ):
            self.fields[f"description_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, "dir": text_direction(code)}),
            )

    def clean_nationalities(self):
        codes = self.cleaned_data["nationalities"].replace(",", " ").upper().split()
        if not all(len(code) == 2 and code.isascii() and code.isalpha() for code in codes):
            raise forms.ValidationError(_("Write two-letter country codes, like SY, AF, IQ."))
        return list(dict.fromkeys(codes))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The oldest age is below the youngest."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "legal_statuses": data["legal_statuses"],
            "nationalities": data["nationalities"],
            "min_age": data["min_age"],
            "max_age": data["max_age"],
            "gender": data["gender"],
            "free": data["free"],
            "referral_needed": data["referral_needed"],
            "description": texts_from(data, "description"),
        }

    @staticmethod
    def initial_for(service: Service | None) -> dict:
        if service is None:
            return {"free": True, "gender": Gender.ANY}
        return {
            "category": service.category,
            "legal_statuses": service.legal_statuses,
            "nationalities": " ".join(service.nationalities),
            "min_age": service.min_age,
            "max_age": service.max_age,
            "gender": service.gender,
            "free": service.free,
            "referral_needed": service.referral_needed,
            **texts_initial(service.description, "description"),
        }


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    url = forms.URLField(
        label=_("Address on the web"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("url") and not data.get("title"):
            self.add_error("title", _("Every source needs a title."))
        return data


SourceFormSet = forms.formset_factory(SourceForm, extra=2, max_num=20, validate_max=True)


def sources_from(formset) -> list[dict]:
    return [
        {"title": form.cleaned_data["title"], "url": form.cleaned_data.get("url") or ""}
        for form in formset.forms
        if form.cleaned_data.get("title")
    ]
