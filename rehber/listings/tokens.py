"""API keys of posters: made, checked and revoked here. Only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.listings.models import ApiToken

#: Keys one account may hold at once.
MAX_TOKENS_PER_ACCOUNT = 5


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new key for ``user``; returns the record and the key, which is never shown again."""
    name = " ".join(name.split())[:60]
    if not name:
        raise ValidationError(_("Give the key a name, such as the program that uses it."))
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_ACCOUNT:
        raise ValidationError(_("You have 5 keys. Delete one before you make another."))
    key = "rhb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key))
    audit_record(actor=user, action="listing.api_token_created", target=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> None:
    deleted, _details = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ValidationError(_("No such key of yours."))
    audit_record(actor=user, action="listing.api_token_revoked", data={"token_id": token_id})


def api_token_user(*, key: str):
    """The active account a key belongs to, or None."""
    if not key or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_tokens_of(*, user):
    return ApiToken.objects.filter(user=user)
