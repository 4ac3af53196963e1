"""Build the XLSForm (.xlsx) of the Flow Monitoring Survey from its YAML source.

The questionnaire lives in ``questionnaires/fms-turkey/questionnaire.yaml`` so that a
reviewer reads a plain text diff; this module turns it into the workbook that
ODK, KoBoToolbox and our own upload expect. No Django imports.
"""

from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

FMS_DIR = Path(__file__).resolve().parent / "questionnaires" / "fms-turkey"
QUESTIONNAIRE = FMS_DIR / "questionnaire.yaml"
INDICATORS = FMS_DIR / "indicators.yaml"

#: Our language codes and the XLSForm language names of their label columns.
LANGUAGE_NAMES = {
    "en": "English (en)",
    "ar": "Arabic (ar)",
    "tr": "Turkish (tr)",
    "fa": "Persian (fa)",
}
LANGUAGES = tuple(LANGUAGE_NAMES)


def fms_source() -> dict[str, Any]:
    return yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))


def fms_indicators() -> list[dict[str, Any]]:
    return yaml.safe_load(INDICATORS.read_text(encoding="utf-8"))["indicators"]


def _labels(item: dict[str, Any], key: str | None = "label") -> list[str]:
    source = item.get(key, {}) if key else item
    return [source.get(code, "") if source else "" for code in LANGUAGES]


def xlsform_build(source: dict[str, Any]) -> bytes:
    """The .xlsx bytes of an XLSForm for ``source`` (the YAML structure)."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    label_columns = [f"label::{LANGUAGE_NAMES[code]}" for code in LANGUAGES]
    survey.append(["type", "name", *label_columns, "required", "relevant", "constraint"])
    for row in source["survey"]:
        survey.append(
            [
                row["type"],
                row.get("name", ""),
                *_labels(row),
                "yes" if row.get("required") else "",
                row.get("relevant", ""),
                row.get("constraint", ""),
            ]
        )
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *label_columns])
    for list_name, options in source["choices"].items():
        for option in options:
            choices.append([list_name, str(option["value"]), *_labels(option, key=None)])
    settings = book.create_sheet("settings")
    meta = source["settings"]
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        [
            meta["title"]["en"],
            meta["form_id"],
            str(meta["version"]),
            LANGUAGE_NAMES[meta.get("default_language", "en")],
        ]
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
