"""Every write of the advisors app: admin-edited values and recorded rule-set versions."""

import datetime
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehber.advisors import rulebook
from rehber.advisors.models import AdvisorValue, AdvisorValueChange, RuleSetVersion
from rehber.core.services import audit_record

MAX_REASON = 2000


def _check_type(*, default: Any, value: Any) -> None:
    """The new value must be of the kind the file's default is (a number stays a number)."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int | float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(value)
    elif isinstance(default, datetime.date):
        ok = isinstance(value, datetime.date)
    else:
        ok = isinstance(value, str) and bool(value.strip())
    if not ok:
        raise ValidationError(_("This value must be of the same kind as the file's default."))


@transaction.atomic
def advisor_value_set(
    *, key: str, value: Any, reason: str, actor: models.Model | None
) -> AdvisorValue | None:
    """Set an advisor value from now on. Setting it to the file's default removes the override.

    Returns the override, or None when the file's default applies again.
    """
    specs = rulebook.value_specs()
    if key not in specs:
        raise ValidationError(_("There is no value with this key."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the value changes."))
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is too long."))
    default = specs[key].value
    _check_type(default=default, value=value)

    current = AdvisorValue.objects.select_for_update().filter(key=key).first()
    old_json = current.value if current is not None else None
    new_json = rulebook.value_to_json(value)
    now = timezone.now()
    changed_by = actor if actor is not None and actor.pk else None
    back_to_default = value == default
    if back_to_default and current is None:
        return None
    if current is not None and not back_to_default and current.value == new_json:
        return current
    AdvisorValueChange.objects.create(
        key=key,
        old_value=old_json,
        new_value=None if back_to_default else new_json,
        changed_by=changed_by,
        changed_at=now,
        reason=reason,
    )
    if back_to_default:
        current.delete()
        result = None
    else:
        result, _created = AdvisorValue.objects.update_or_create(
            key=key,
            defaults={
                "value": new_json,
                "changed_by": changed_by,
                "changed_at": now,
                "reason": reason,
            },
        )
    audit_record(
        actor=actor,
        action="advisors.value_set",
        target=result,
        data={
            "key": key,
            "old": old_json,
            "new": None if back_to_default else new_json,
            "default": back_to_default,
        },
    )
    transaction.on_commit(rulebook.values_cache_clear)
    rulebook.values_cache_clear()
    return result


@transaction.atomic
def rule_set_versions_record() -> list[RuleSetVersion]:
    """Record the text of each rule file whose content was not recorded before.

    Run at every deploy (``rehber advisors_sync``); returns the new versions.
    """
    recorded = []
    now = timezone.now()
    for advisor, rule_set in rulebook.rule_sets().items():
        content, digest = rulebook.rule_file_text(advisor)
        version, created = RuleSetVersion.objects.get_or_create(
            advisor=advisor,
            sha256=digest,
            defaults={"version": rule_set.version, "content": content, "recorded_at": now},
        )
        if created:
            recorded.append(version)
    return recorded
