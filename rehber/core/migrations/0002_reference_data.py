"""Content languages and Turkey's provinces and districts.

The provinces and districts come from ``rehber/core/data/provinces.json``,
whose ``source`` field names where each fact comes from.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "provinces.json"

# code, native name, English name, direction. Kurmanji and Pashto are content
# languages without a UI catalog yet; Pashto is written right to left.
LANGUAGES = [
    ("ar", "العربية", "Arabic", "rtl"),
    ("tr", "Türkçe", "Turkish", "ltr"),
    ("en", "English", "English", "ltr"),
    ("fa", "فارسی", "Persian", "rtl"),
    ("ku", "Kurmancî", "Kurmanji Kurdish", "ltr"),
    ("ps", "پښتو", "Pashto", "rtl"),
]


def load_languages(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    for position, (code, native_name, english_name, direction) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code,
            defaults={
                "native_name": native_name,
                "english_name": english_name,
                "direction": direction,
                "position": position,
                "enabled": True,
            },
        )


def load_provinces(apps, schema_editor):
    Province = apps.get_model("core", "Province")
    District = apps.get_model("core", "District")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    districts = []
    for item in data["provinces"]:
        province, _created = Province.objects.update_or_create(
            code=item["code"],
            defaults={
                "name_tr": item["name_tr"],
                "name_en": item["name_en"],
                "name_ar": item["name_ar"],
                "name_fa": item["name_fa"],
                "latitude": item["lat"],
                "longitude": item["lon"],
            },
        )
        districts.extend(
            District(
                province=province,
                name=district["name"],
                latitude=district["lat"],
                longitude=district["lon"],
            )
            for district in item["districts"]
        )
    District.objects.bulk_create(districts, ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("core", "District").objects.all().delete()
    apps.get_model("core", "Province").objects.all().delete()
    apps.get_model("core", "Language").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(load_languages, unload),
        migrations.RunPython(load_provinces, migrations.RunPython.noop),
    ]
