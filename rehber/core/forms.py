from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.models import LegalStatus
from rehber.core.selectors import province_choices


class VisitorProfileForm(forms.Form):
    legal_status = forms.ChoiceField(
        label=_("Your legal status in Turkey"),
        choices=[("", _("I prefer not to say")), *LegalStatus.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    province = forms.TypedChoiceField(
        label=_("The province where you live"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("I prefer not to say")), *province_choices()]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *[(a, a) for a in actions]]
