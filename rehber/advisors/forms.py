import datetime
import math

from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.advisors.engine import ValueSpec
from rehber.advisors.flow import normalise_typed
from rehber.advisors.services import MAX_REASON


class AdvisorValueForm(forms.Form):
    """An admin's new value for one key of values.yaml, read as the kind of its default."""

    value = forms.CharField(label=_("New value"), max_length=200)
    reason = forms.CharField(
        label=_("Why does it change? Name the source."),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, spec: ValueSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        default = spec.value
        if isinstance(default, bool):
            self.fields["value"].help_text = _("Write yes or no.")
        elif isinstance(default, int | float):
            self.fields["value"].help_text = _("A number, with a dot for decimals.")
        elif isinstance(default, datetime.date):
            self.fields["value"].help_text = _("A date as year-month-day, for example 2027-07-23.")

    def clean_value(self):
        text = self.cleaned_data["value"].strip()
        default = self.spec.value
        if isinstance(default, bool):
            if text.lower() in {"yes", "true"}:
                return True
            if text.lower() in {"no", "false"}:
                return False
            raise forms.ValidationError(_("Write yes or no."))
        if isinstance(default, int | float):
            try:
                number = float(normalise_typed(text))
            except ValueError:
                raise forms.ValidationError(_("Write a number.")) from None
            if not math.isfinite(number):
                raise forms.ValidationError(_("Write a number."))
            return int(number) if number.is_integer() else number
        if isinstance(default, datetime.date):
            try:
                return datetime.date.fromisoformat(normalise_typed(text))
            except ValueError:
                raise forms.ValidationError(
                    _("Write a date as year-month-day, for example 2027-07-23.")
                ) from None
        if not text:
            raise forms.ValidationError(_("Write a value."))
        return text
