from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.surveys.analysis.data import RECEIVED_MONTH, FormVariables, Variable
from rehber.surveys.analysis.report import AnalysisSpec
from rehber.surveys.analysis.tables import DEFAULT_K, MIN_K, label_in


def _choices(items: list[Variable], language: str, *, empty=None) -> list[tuple[str, str]]:
    out = [("", empty)] if empty is not None else []
    for item in items:
        label = label_in(item.labels, language) or item.key
        out.append((item.key, f"{label} ({item.key})"))
    return out


class AnalysisForm(forms.Form):
    """The analyst's choice of variable, cross-tabulation, design and months (GET)."""

    variable = forms.ChoiceField(label=_("Question or indicator"))
    by = forms.ChoiceField(label=_("By (cross-tabulation)"), required=False)
    weight = forms.ChoiceField(label=_("Weight"), required=False)
    strata = forms.ChoiceField(label=_("Strata"), required=False)
    cluster = forms.ChoiceField(label=_("Clusters (PSUs)"), required=False)
    month = forms.ChoiceField(label=_("Monthly series"), required=False)
    include_received = forms.BooleanField(
        label=_("Include submissions not reviewed yet (received)"), required=False
    )
    k = forms.IntegerField(
        label=_("Hide cells with fewer respondents than"),
        min_value=MIN_K,
        max_value=1000,
        initial=DEFAULT_K,
        required=False,
    )

    def __init__(self, *args, variables: FormVariables, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        none = _("— none —")
        self.variables = variables
        self.fields["variable"].choices = _choices(variables.categorical, language)
        self.fields["by"].choices = _choices(variables.categorical, language, empty=none)
        self.fields["weight"].choices = _choices(variables.numeric, language, empty=none)
        self.fields["strata"].choices = _choices(variables.ids, language, empty=none)
        self.fields["cluster"].choices = _choices(variables.ids, language, empty=none)
        self.fields["month"].choices = [
            ("", none),
            (RECEIVED_MONTH, _("Month the submission was received")),
            *_choices(variables.dates, language),
        ]

    def clean(self):
        data = super().clean()
        if data.get("variable") and data.get("by") == data.get("variable"):
            self.add_error("by", _("Choose a different question to cross-tabulate by."))
        return data

    def spec(self) -> AnalysisSpec:
        data = self.cleaned_data
        return AnalysisSpec(
            variable=data["variable"],
            by=data.get("by") or "",
            weight=data.get("weight") or "",
            strata=data.get("strata") or "",
            cluster=data.get("cluster") or "",
            month=data.get("month") or "",
            include_received=bool(data.get("include_received")),
            k=data.get("k") or DEFAULT_K,
        )


class PublishForm(forms.Form):
    """Titles of a table to publish, one per language, each optional."""

    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
    )
    title_ar = forms.CharField(
        label=_("Title in Arabic"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )
    title_tr = forms.CharField(
        label=_("Title in Turkish"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "tr", "dir": "ltr"}),
    )
    title_fa = forms.CharField(
        label=_("Title in Persian"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fa", "dir": "rtl"}),
    )

    def titles(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"title_{code}", "") for code in ("en", "ar", "tr", "fa")
        }


class MicrodataForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns to export"), widget=forms.CheckboxSelectMultiple
    )
    quasi_identifiers = forms.MultipleChoiceField(
        label=_("Quasi-identifiers (answers that could point to a person together)"),
        widget=forms.CheckboxSelectMultiple,
    )
    k = forms.IntegerField(
        label=_("Each combination must be shared by at least"),
        min_value=MIN_K,
        max_value=1000,
        initial=DEFAULT_K,
    )
    include_received = forms.BooleanField(
        label=_("Include submissions not reviewed yet (received)"), required=False
    )

    def __init__(self, *args, variables: FormVariables, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _choices(variables.exportable, language)
        self.fields["columns"].choices = choices
        self.fields["quasi_identifiers"].choices = choices

    def clean(self):
        data = super().clean()
        columns, qis = data.get("columns") or [], data.get("quasi_identifiers") or []
        if qis and not set(qis) <= set(columns):
            self.add_error(
                "quasi_identifiers", _("Every quasi-identifier must also be an exported column.")
            )
        return data
