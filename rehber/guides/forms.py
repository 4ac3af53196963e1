from django import forms
from django.utils.translation import gettext_lazy as _

MAX_STEPS = 12


class GuideTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    documents = forms.CharField(
        label=_("Documents to bring (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    where = forms.CharField(
        label=_("Where to go"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    costs = forms.CharField(
        label=_("Costs"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    tips = forms.CharField(
        label=_("Good to know (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    minor = forms.BooleanField(
        label=_("Minor edit: spelling or a link. Translations stay up to date."), required=False
    )
    machine_translated = forms.BooleanField(
        label=_("This text was made by machine translation"), required=False
    )


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step title"), max_length=200, required=False)
    text = forms.CharField(
        label=_("What to do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


StepFormSet = forms.formset_factory(StepForm, extra=2, max_num=MAX_STEPS, absolute_max=MAX_STEPS)


def initial_for(content: dict) -> tuple[dict, list[dict]]:
    """Form and step initial data from a stored content dict."""
    initial = {
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "documents": "\n".join(content.get("documents") or []),
        "where": content.get("where", ""),
        "costs": content.get("costs", ""),
        "tips": "\n".join(content.get("tips") or []),
    }
    return initial, list(content.get("steps") or [])


def content_from(form: GuideTextForm, steps: forms.BaseFormSet) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "summary": data["summary"],
        "documents": data["documents"],
        "where": data["where"],
        "costs": data["costs"],
        "tips": data["tips"],
        "steps": [step.cleaned_data for step in steps.forms if step.cleaned_data],
    }


class LawAmendForm(forms.Form):
    text_tr = forms.CharField(
        label=_("New Turkish text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    text_is_summary = forms.BooleanField(
        label=_("This is our summary, not the official wording"), required=False
    )
    effective_date = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    act = forms.CharField(label=_("Changed by (law or decree)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class LawTranslationForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Translation"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    machine_translated = forms.BooleanField(
        label=_("This text was made by machine translation"), required=False
    )
