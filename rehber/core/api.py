from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from rehber.core.models import Language, Province
from rehber.core.search import selectors as search_selectors
from rehber.core.search.models import SearchKind

router = Router(tags=["reference data"])


class LanguageOut(Schema):
    code: str
    native_name: str
    english_name: str
    direction: str


class DistrictOut(Schema):
    name: str
    latitude: float
    longitude: float


class ProvinceOut(Schema):
    code: int
    name_tr: str
    name_en: str
    name_ar: str
    name_fa: str
    latitude: float
    longitude: float


class ProvinceDetailOut(ProvinceOut):
    districts: list[DistrictOut]


@router.get("/languages", response=list[LanguageOut], summary="Content languages")
def language_list(request):
    return Language.objects.enabled()


@router.get("/provinces", response=list[ProvinceOut], summary="Turkey's 81 provinces")
def province_list(request):
    return Province.objects.order_by("code")


@router.get("/provinces/{code}", response=ProvinceDetailOut, summary="A province and its districts")
def province_detail(request, code: int):
    return get_object_or_404(Province.objects.prefetch_related("districts"), code=code)


class SearchQuery(Schema):
    q: str = Field(
        "", description="Words to look for, in any language (the first 200 characters count)."
    )
    lang: str = Field(
        settings.LANGUAGE_CODE,
        description="The reader's language, one of the enabled content languages: each "
        "result is shown in it when the document has that translation.",
    )
    kind: SearchKind | None = Field(None, description="Only documents of this kind.")


class SearchResultOut(Schema):
    kind: str = Field(description="guide, law, listing or service")
    slug: str
    title: str
    url: str
    lang: str = Field(description="Language of the title and snippet")
    snippet: str = Field(
        description="HTML: an escaped extract of the text around the best match, "
        "the matched words wrapped in <mark>…</mark>."
    )


class SearchOut(Schema):
    results: list[SearchResultOut] = Field(description="Best first, one per document.")


@router.get(
    "/search",
    response=SearchOut,
    summary="Search guides, laws, listings and services",
    tags=["search"],
)
def search(request, query: Query[SearchQuery]):
    """Every word must match (with or without special letters, in any inflection the
    stemmer knows); when no document has them all, documents with any are ranked."""
    if not Language.objects.enabled().filter(code=query.lang).exists():
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["query", "lang"],
                    "msg": "lang must be an enabled content language (see /api/v1/languages).",
                }
            ]
        )
    kinds = [query.kind.value] if query.kind else None
    results = search_selectors.search(query=query.q, language=query.lang, kinds=kinds)
    return {"results": results}
