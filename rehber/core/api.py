from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from rehber.core.models import Language, Province

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
