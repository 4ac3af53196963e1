"""The advisors' rule sets and values, as the running site uses them.

Rule files are read once per process (they change only with a deploy). Values are the
defaults of ``rules/values.yaml`` with the admins' overrides from the database on top;
the merged mapping is cached and dropped whenever an admin changes a value.
"""

import datetime
import functools
import hashlib
from pathlib import Path
from typing import Any

from django.core.cache import cache

from rehber.advisors.engine import (
    RuleSet,
    ValueSpec,
    load_rule_sets,
    load_values,
    values_defaults,
)

RULES_DIR = Path(__file__).resolve().parent / "rules"
VALUES_FILE = RULES_DIR / "values.yaml"

#: The advisors in the order the index shows them (DESIGN §4 slugs).
ADVISOR_ORDER = ("residence-permit", "turquoise-card", "family-reunification", "bank-account")

VALUES_CACHE_KEY = "advisors:values:v1"
#: With a shared cache (Redis) a change shows everywhere at once, as the service drops the
#: key; with a per-process cache other processes pick it up within this many seconds.
VALUES_CACHE_SECONDS = 60


@functools.cache
def rule_sets() -> dict[str, RuleSet]:
    """Every rule set, keyed by advisor slug, in the index order."""
    loaded = load_rule_sets(RULES_DIR)
    ordered = {slug: loaded[slug] for slug in ADVISOR_ORDER if slug in loaded}
    ordered.update({slug: rule_set for slug, rule_set in loaded.items() if slug not in ordered})
    return ordered


def rule_set_get(advisor: str) -> RuleSet | None:
    return rule_sets().get(advisor)


def rule_file(advisor: str) -> Path:
    return RULES_DIR / f"{advisor}.yaml"


def rule_file_text(advisor: str) -> tuple[str, str]:
    """The text of an advisor's rule file as deployed, and its SHA-256."""
    text = rule_file(advisor).read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def value_specs() -> dict[str, ValueSpec]:
    """The values file: each figure with its default, unit and source."""
    return load_values(VALUES_FILE)


def value_from_json(spec: ValueSpec, stored: Any) -> Any:
    """A value as stored in the database (JSON) turned back into the file default's type."""
    if isinstance(spec.value, datetime.date) and isinstance(stored, str):
        return datetime.date.fromisoformat(stored)
    return stored


def value_to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def values_current() -> dict[str, Any]:
    """The values the advisors use now: file defaults with admin overrides on top."""
    overrides = cache.get(VALUES_CACHE_KEY)
    if overrides is None:
        from rehber.advisors.models import AdvisorValue

        overrides = dict(AdvisorValue.objects.values_list("key", "value"))
        cache.set(VALUES_CACHE_KEY, overrides, timeout=VALUES_CACHE_SECONDS)
    specs = value_specs()
    merged = values_defaults(specs)
    for key, stored in overrides.items():
        if key in specs:
            merged[key] = value_from_json(specs[key], stored)
    return merged


def values_cache_clear() -> None:
    cache.delete(VALUES_CACHE_KEY)
