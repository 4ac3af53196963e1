"""The visitor's profile: legal status and province, kept in a signed cookie.

Nothing is stored on the server and no account is needed. Pages use it to put
what applies to the visitor first.
"""

import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing

from rehber.core.models import LegalStatus

_SALT = "rehber.visitor-profile"


@dataclass(frozen=True)
class VisitorProfile:
    legal_status: str = ""
    province_code: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.legal_status and self.province_code is None

    @property
    def legal_status_label(self) -> str:
        return LegalStatus(self.legal_status).label if self.legal_status else ""


def visitor_profile_from_request(request) -> VisitorProfile:
    raw = request.get_signed_cookie(settings.VISITOR_PROFILE_COOKIE, default=None, salt=_SALT)
    if not raw:
        return VisitorProfile()
    try:
        data = json.loads(raw)
        status = data.get("legal_status") or ""
        province = data.get("province_code")
        if status and status not in LegalStatus.values:
            status = ""
        if province is not None and not (isinstance(province, int) and 1 <= province <= 81):
            province = None
        return VisitorProfile(legal_status=status, province_code=province)
    except (ValueError, AttributeError, signing.BadSignature):
        return VisitorProfile()


def visitor_profile_save(response, profile: VisitorProfile) -> None:
    response.set_signed_cookie(
        settings.VISITOR_PROFILE_COOKIE,
        json.dumps(asdict(profile)),
        salt=_SALT,
        max_age=settings.VISITOR_PROFILE_MAX_AGE,
        secure=settings.PRODUCTION,
        httponly=True,
        samesite="Lax",
    )


def visitor_profile_forget(response) -> None:
    response.delete_cookie(settings.VISITOR_PROFILE_COOKIE, samesite="Lax")
