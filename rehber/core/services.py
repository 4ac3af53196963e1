from typing import Any

from django.db import models, transaction

from rehber.core.models import AuditEntry


@transaction.atomic
def audit_record(
    *,
    actor: models.Model | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row. ``data`` names what changed, never personal values."""
    if not action:
        raise ValueError("An audit entry needs an action.")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
