import json
import math

import pytest
from django.conf import settings

from rehber.core.models import District, Language, Province

pytestmark = pytest.mark.django_db


def test_content_languages_and_their_direction():
    directions = dict(Language.objects.values_list("code", "direction"))
    assert directions == {
        "ar": "rtl",
        "tr": "ltr",
        "en": "ltr",
        "fa": "rtl",
        "ku": "ltr",
        "ps": "rtl",
    }
    assert Language.objects.get(code="ps").is_rtl
    assert not Language.objects.get(code="ku").is_rtl
    assert "ps" in settings.LANGUAGES_BIDI


def test_all_81_provinces_with_their_names():
    assert Province.objects.count() == 81
    assert set(Province.objects.values_list("code", flat=True)) == set(range(1, 82))
    gaziantep = Province.objects.get(code=27)
    assert (gaziantep.name_tr, gaziantep.name_en) == ("Gaziantep", "Gaziantep")
    assert Province.objects.get(code=34).name_tr == "İstanbul"
    for province in Province.objects.all():
        assert province.name_ar and province.name_fa and province.name_en, province.code
        # Persian is written with Persian yeh and kaf, not the Arabic letters.
        assert "ي" not in province.name_fa and "ك" not in province.name_fa, province.name_tr


def test_all_districts_with_a_centroid_near_their_province():
    assert District.objects.count() == 973
    counts = {
        province.name_tr: province.districts.count()
        for province in Province.objects.filter(code__in=[6, 27, 31, 34, 63, 79])
    }
    assert counts == {
        "Ankara": 25,
        "Gaziantep": 9,
        "Hatay": 15,
        "İstanbul": 39,
        "Şanlıurfa": 13,
        "Kilis": 4,
    }
    for district in District.objects.select_related("province"):
        assert 35.8 <= district.latitude <= 42.2 and 25.6 <= district.longitude <= 44.9
        province = district.province
        distance = math.dist(
            (district.latitude, district.longitude), (province.latitude, province.longitude)
        )
        assert distance < 2.5, (province.name_tr, district.name)  # about 250 km


def test_the_data_file_names_its_sources():
    path = settings.PACKAGE_DIR / "core" / "data" / "provinces.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "GeoNames" in data["source"]
    assert "PTT" in data["source"]


def test_province_name_follows_the_active_language():
    from django.utils import translation

    province = Province.objects.get(code=63)
    with translation.override("ar"):
        assert province.name == province.name_ar
    with translation.override("fa"):
        assert province.name == province.name_fa
    with translation.override("tr"):
        assert province.name == "Şanlıurfa"
