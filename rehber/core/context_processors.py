from django.conf import settings
from django.utils.translation import get_language

from rehber.core.models import text_direction


def language_links(path: str, current: str) -> list[dict]:
    """Links to this same page in each UI language (the switcher needs no JavaScript).

    URL paths are the same in every language, only the prefix differs
    (``/ar/my-situation/``, ``/tr/my-situation/``), so swapping the prefix is
    exact and far cheaper than resolving and reversing the URL each time.
    """
    prefix = f"/{current}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else ""
    return [
        {
            "code": code,
            "name": native_name,
            "url": f"/{code}/{rest}",
            "dir": text_direction(code),
            "current": code == current,
        }
        for code, native_name in settings.LANGUAGES
    ]


def page_shell(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "language_links": language_links(request.get_full_path(), language),
        "visitor_profile": getattr(request, "visitor_profile", None),
    }
