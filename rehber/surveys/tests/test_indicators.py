import pytest
from django.core.exceptions import ValidationError

from rehber.surveys import services
from rehber.surveys.fms import fms_indicators
from rehber.surveys.indicators import (
    IndicatorDefinitionError,
    definition_check,
    indicators_evaluate,
)
from rehber.surveys.models import IndicatorDefinition, Submission
from rehber.surveys.tests.factories import fms_answers, fms_load

SELF = [
    "self_worked_unpaid",
    "self_forced_work",
    "self_held",
    "self_documents_taken",
    "self_marriage_offer",
]
FAM = [name.replace("self_", "fam_") for name in SELF]


def _definitions():
    return [{"name": item["name"], **item} for item in fms_indicators()]


def _answers(self_values, fam_values=("no",) * 5):
    return {**dict(zip(SELF, self_values, strict=True)), **dict(zip(FAM, fam_values, strict=True))}


@pytest.mark.parametrize(
    ("self_values", "fam_values", "expected"),
    [
        (("no",) * 5, ("no",) * 5, {"ht_any": 0, "ht_family_any": 0, "ht_family_only": 0}),
        (
            ("yes", "no", "no", "no", "no"),
            ("no",) * 5,
            {"ht_any": 1, "ht_family_any": 0, "ht_family_only": 0},
        ),
        (
            ("dont_know", "no", "no", "no", "no"),
            ("no",) * 5,
            {"ht_any": None, "ht_family_any": 0, "ht_family_only": 0},
        ),
        (
            ("refused", "no", "no", "no", "no"),
            ("yes", "no", "no", "no", "no"),
            {"ht_any": None, "ht_family_any": 1, "ht_family_only": None},
        ),
        (
            ("refused", "yes", "no", "no", "no"),
            ("no",) * 5,
            {"ht_any": 1, "ht_family_any": 0, "ht_family_only": 0},
        ),
        (
            ("no",) * 5,
            ("no", "no", "no", "no", "yes"),
            {"ht_any": 0, "ht_family_any": 1, "ht_family_only": 1},
        ),
    ],
)
def test_dont_know_and_refused_count_as_missing_not_as_no(self_values, fam_values, expected):
    assert indicators_evaluate(_definitions(), _answers(self_values, fam_values)) == expected


def test_an_unanswered_proxy_is_missing():
    answers = _answers(("no",) * 5)
    del answers["self_held"]
    assert indicators_evaluate(_definitions(), answers)["ht_any"] is None


def test_a_definition_that_cannot_be_evaluated_is_refused():
    with pytest.raises(IndicatorDefinitionError):
        definition_check({"kind": "any_yes", "questions": []})
    with pytest.raises(IndicatorDefinitionError):
        definition_check(
            {"kind": "all_of", "terms": [{"indicator": "later", "equals": 1}]}, known=[]
        )


@pytest.mark.django_db
def test_changing_a_definition_recomputes_every_submission():
    version = fms_load()
    for n, answer in enumerate(("yes", "dont_know", "no")):
        services.submission_store(
            version=version,
            instance_id=f"i-{n}",
            answers=fms_answers(self_held=answer),
            actor=None,
            source="web",
        )
    assert [s.indicators["ht_any"] for s in Submission.objects.order_by("instance_id")] == [
        1,
        None,
        0,
    ]
    with pytest.raises(ValidationError):
        services.indicator_definition_save(
            form=version.form, name="ht_any", labels={}, definition={"kind": "nope"}, actor=None
        )
    # Count "don't know" as a sign too: the stored values change at once (immediate tasks).
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.indicator_definition_save(
                form=version.form,
                name="ht_any",
                labels={"en": "Any sign, don't know included"},
                definition={
                    "kind": "any_yes",
                    "questions": SELF,
                    "yes_values": ["yes", "dont_know"],
                    "no_values": ["no"],
                },
                actor=None,
            )
    assert [s.indicators["ht_any"] for s in Submission.objects.order_by("instance_id")] == [1, 1, 0]
    assert IndicatorDefinition.objects.get(name="ht_any").labels["en"].startswith("Any sign")
