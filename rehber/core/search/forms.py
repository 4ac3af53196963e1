from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.search.models import SearchKind
from rehber.core.search.registry import registered_kinds
from rehber.core.search.selectors import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the platform holds so far.
        kinds = set(registered_kinds())
        self.fields["kind"].choices = [
            ("", _("Everything")),
            *[(value, label) for value, label in SearchKind.choices if value in kinds],
        ]

    def clean_q(self) -> str:
        # Longer queries are cut rather than refused: the first words are what count.
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH].strip()
