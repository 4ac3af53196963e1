from django import forms
from django.utils.translation import gettext_lazy as _

from rehber.core.search.models import SearchKind
from rehber.core.search.selectors import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *SearchKind.choices],
    )

    def clean_q(self) -> str:
        # Longer queries are cut rather than refused: the first words are what count.
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH].strip()
