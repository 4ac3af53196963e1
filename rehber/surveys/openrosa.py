"""OpenRosa 1.0 endpoints for ODK Collect and similar clients.

They live outside the language prefixes (``/openrosa/``, the server address to
give the client) and use HTTP Basic authentication over HTTPS: clients cannot
give a TOTP code, and Digest would need the plain password kept on the server.
Only enumerators may use them. CSRF does not apply to these three views only.
"""

import base64
import hashlib
from xml.sax.saxutils import escape

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rehber.accounts.roles import Role
from rehber.core.access import user_has_role
from rehber.surveys import selectors, services

OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}
#: The largest submission we accept, told to clients in X-OpenRosa-Accept-Content-Length.
MAX_SUBMISSION_BYTES = 10 * 1024 * 1024


def _response(body: str = "", *, status: int = 200, content_type: str = "text/xml") -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")
    for name, value in OPENROSA_HEADERS.items():
        response[name] = value
    response["Date"] = http_date()
    return response


def _message(text: str, *, status: int) -> HttpResponse:
    body = (
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f'<message nature="{"submit_success" if status == 201 else "error"}">{escape(text)}'
        "</message></OpenRosaResponse>"
    )
    return _response(body, status=status)


def _client_user(request):
    """The enumerator named by HTTP Basic credentials, or an error response."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    user = None
    if header.lower().startswith("basic "):
        try:
            email, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            email, password = "", ""
        if email and password:
            user = authenticate(request, username=email, password=password)
    if user is None:
        response = _message(_("Please sign in with your Rehber e-mail and password."), status=401)
        response["WWW-Authenticate"] = 'Basic realm="Rehber OpenRosa", charset="UTF-8"'
        return None, response
    allowed, _reason = user_has_role(user, [Role.ENUMERATOR])
    if not allowed:
        return None, _message(_("Only enumerators can send survey data."), status=403)
    return user, None


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_list(request):
    _user, refused = _client_user(request)
    if refused:
        return refused
    items = []
    wanted = request.GET.get("formID", "")
    for version in selectors.current_versions():
        if wanted and version.form.form_id != wanted:
            continue
        digest = hashlib.md5(version.xform.encode("utf-8"), usedforsecurity=False).hexdigest()
        url = request.build_absolute_uri(
            reverse("openrosa:form_xml", kwargs={"form_id": version.form.form_id})
        )
        items.append(
            "<xform>"
            f"<formID>{escape(version.form.form_id)}</formID>"
            f"<name>{escape(version.form.title)}</name>"
            f"<version>{escape(version.version)}</version>"
            f"<hash>md5:{digest}</hash>"
            f"<downloadUrl>{escape(url)}</downloadUrl>"
            "</xform>"
        )
    body = '<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(items) + "</xforms>"
    return _response(body)


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_xml(request, form_id):
    _user, refused = _client_user(request)
    if refused:
        return refused
    version = selectors.form_for_entry(form_id)
    if version is None:
        raise Http404
    return _response(version.xform)


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
def submission(request):
    user, refused = _client_user(request)
    if refused:
        return refused
    if request.method == "HEAD":
        response = _response(status=204)
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
        return response
    upload = request.FILES.get("xml_submission_file")
    if upload is None:
        return _message(_("The request has no xml_submission_file part."), status=400)
    if upload.size > MAX_SUBMISSION_BYTES:
        return _message(_("The submission is too large."), status=413)
    try:
        services.submission_openrosa_receive(data=upload.read(), actor=user)
    except services.DuplicateInstance as error:
        return _message(" ".join(error.messages), status=409)
    except ValidationError as error:
        return _message(" ".join(error.messages), status=400)
    response = _message(_("Thank you. The submission is stored."), status=201)
    response["Location"] = request.build_absolute_uri(reverse("openrosa:submission"))
    return response
