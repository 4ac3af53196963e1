from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def language_links(path: str, current: str) -> list[dict]:
    """Links to this same page in each UI language (the switcher needs no JavaScript)."""
    links = []
    for code, native_name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current and path.startswith(f"/{current}/"):
            url = f"/{code}/{path[len(current) + 2 :]}"
        links.append(
            {
                "code": code,
                "name": native_name,
                "url": url,
                "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
                "current": code == current,
            }
        )
    return links


def page_shell(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "language_links": language_links(request.get_full_path(), language),
        "visitor_profile": getattr(request, "visitor_profile", None),
    }
