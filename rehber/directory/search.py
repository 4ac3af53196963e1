"""Services as documents of the shared search index (core.search).

Kind "service": one document per service and content language, keyed by the
service's id. The title is the place's name and the kind of help, in that
language; languages with no name of their own fall back like the pages do.
"""

from collections.abc import Iterable

from django.utils import translation

from rehber.directory.models import Service, localized
from rehber.directory.services import CONTENT_LANGUAGES


def _documents(services: Iterable[Service]) -> Iterable:
    from rehber.core.search.registry import SearchDocument

    for service in services:
        point = service.point
        for language in CONTENT_LANGUAGES:
            with translation.override(language):
                category = str(service.get_category_display())
                province = point.province.name
            name = localized(point.name, language)[0]
            parts = [
                category,
                localized(service.description, language)[0],
                localized(point.organization.name, language)[0],
                localized(point.address, language)[0],
                province,
                point.district.name if point.district else "",
            ]
            yield SearchDocument(
                kind="service",
                key=str(service.pk),
                language=language,
                slug=str(service.pk),
                title=f"{name} · {category}"[:300],
                text="\n".join(part for part in parts if part),
                url=f"/{language}/services/{service.pk}/",
            )


def service_documents_all() -> Iterable:
    return _documents(Service.objects.for_reader().order_by("pk").iterator(chunk_size=500))


def service_documents_for(key: str) -> Iterable:
    if not key.isdigit():
        return []
    return _documents(Service.objects.for_reader().filter(pk=int(key)))
