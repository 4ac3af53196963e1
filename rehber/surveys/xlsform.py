"""Convert an XLSForm with pyxform and read its questions and choices.

No Django imports: the service layer stores what this returns and turns the
error codes into messages in the analyst's language.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

#: pyxform's type names and ours. Labelled groups are kept too, as type "group", for headings.
TYPES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "integer": "integer",
    "decimal": "decimal",
    "text": "text",
    "date": "date",
    "note": "note",
}

#: Error codes for messages pyxform gives often; anything else is "other".
ERROR_PATTERNS = [
    ("not_xlsform", re.compile(r"not recognized as a supported type|File is not a zip", re.I)),
    ("no_type_column", re.compile(r"required column headers were not found", re.I)),
    ("unknown_type", re.compile(r"Unknown question type '(?P<value>[^']*)'", re.I)),
    ("no_choices_sheet", re.compile(r"should be a choices sheet", re.I)),
    ("missing_list", re.compile(r"List name not in choices sheet: (?P<value>\S+)", re.I)),
    ("duplicate_name", re.compile(r"'name' value '(?P<value>[^']*)' is invalid.*unique", re.I)),
    ("no_name", re.compile(r"with no name", re.I)),
    ("bad_name", re.compile(r"'name' value is invalid\. Names must begin", re.I)),
    ("unmatched_group", re.compile(r"Unmatched '(?P<value>[a-z_]+)'", re.I)),
    ("no_label", re.compile(r"named '(?P<value>[^']*)' has no label", re.I)),
    ("unknown_reference", re.compile(r"Could not find the name '(?P<value>[^']*)'", re.I)),
]
ROW = re.compile(r"\[row : (?P<row>\d+)\]")
LANGUAGE_CODE = re.compile(r"\((?P<code>[a-z]{2,3})\)\s*$")


class XLSFormError(Exception):
    """pyxform refused the file. ``code`` names the kind of mistake."""

    def __init__(self, *, code: str, detail: str, row: int | None = None, value: str = ""):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.row = row
        self.value = value


@dataclass(frozen=True)
class QuestionSpec:
    name: str
    path: str  # group path with slashes, e.g. "journey/reasons"
    type: str
    labels: dict[str, str]
    required: bool = False
    relevance: str = ""
    list_name: str = ""
    position: int = 0


@dataclass(frozen=True)
class ChoiceSpec:
    list_name: str
    value: str
    labels: dict[str, str]
    position: int = 0


@dataclass
class ConvertedForm:
    form_id: str
    version: str
    title: str
    xform: str
    warnings: list[str] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)
    choices: list[ChoiceSpec] = field(default_factory=list)


def error_classify(message: str) -> XLSFormError:
    row_match = ROW.search(message)
    row = int(row_match["row"]) if row_match else None
    for code, pattern in ERROR_PATTERNS:
        match = pattern.search(message)
        if match:
            value = match.groupdict().get("value") or ""
            return XLSFormError(code=code, detail=message, row=row, value=value)
    return XLSFormError(code="other", detail=message, row=row)


def labels_by_language(label: Any, default_language: str = "en") -> dict[str, str]:
    """``{"English (en)": "Age"}`` becomes ``{"en": "Age"}``; a plain label goes to the default."""
    if not label:
        return {}
    if isinstance(label, str):
        return {default_language: label}
    out = {}
    for name, text in label.items():
        match = LANGUAGE_CODE.search(name)
        if match:
            out[match["code"]] = str(text)
        elif name == "default":
            out.setdefault(default_language, str(text))
        else:
            out[name.strip().lower()] = str(text)
    return out


def _walk(children, *, prefix: str, relevance: str, default_language: str, out: list):
    for child in children:
        kind = child.get("type", "")
        bind = child.get("bind", {}) or {}
        own = bind.get("relevant", "")
        combined = " and ".join(f"({part})" for part in (relevance, own) if part)
        if relevance and not own:
            combined = relevance
        elif own and not relevance:
            combined = own
        name = child.get("name", "")
        if kind in ("group", "repeat"):
            if name == "meta":
                continue
            if child.get("label"):
                out.append(
                    QuestionSpec(
                        name=name,
                        path=f"{prefix}{name}",
                        type="group",
                        labels=labels_by_language(child.get("label"), default_language),
                        relevance=combined,
                        position=len(out),
                    )
                )
            _walk(
                child.get("children", []),
                prefix=f"{prefix}{name}/",
                relevance=combined,
                default_language=default_language,
                out=out,
            )
            continue
        if kind not in TYPES:
            continue
        out.append(
            QuestionSpec(
                name=name,
                path=f"{prefix}{name}",
                type=TYPES[kind],
                labels=labels_by_language(child.get("label"), default_language),
                required=str(bind.get("required", "")).lower() in ("yes", "true", "true()"),
                relevance=combined,
                list_name=child.get("list_name", "") or child.get("itemset", "") or "",
                position=len(out),
            )
        )


def xlsform_convert(data: bytes) -> ConvertedForm:
    """Convert .xlsx bytes without Java validation, or raise ``XLSFormError``."""
    warnings: list[str] = []
    try:
        result = convert(
            xlsform=BytesIO(data), warnings=warnings, validate=False, file_type=".xlsx"
        )
    except PyXFormError as error:
        raise error_classify(str(error)) from error
    except (KeyError, ValueError, TypeError, OSError) as error:  # openpyxl on a broken file
        raise XLSFormError(code="not_xlsform", detail=str(error)) from error
    except Exception as error:  # pyxform can fail in other ways on odd sheets
        raise XLSFormError(code="other", detail=f"{type(error).__name__}: {error}") from error
    tree = result._pyxform
    default = LANGUAGE_CODE.search(tree.get("default_language", "") or "")
    default_language = default["code"] if default else "en"
    questions: list[QuestionSpec] = []
    _walk(
        tree.get("children", []),
        prefix="",
        relevance="",
        default_language=default_language,
        out=questions,
    )
    choices = []
    for list_name, options in (tree.get("choices") or {}).items():
        for position, option in enumerate(options):
            choices.append(
                ChoiceSpec(
                    list_name=list_name,
                    value=str(option.get("name", "")),
                    labels=labels_by_language(option.get("label"), default_language),
                    position=position,
                )
            )
    title = tree.get("title") or tree.get("id_string") or ""
    return ConvertedForm(
        form_id=str(tree.get("id_string") or tree.get("name")),
        version=str(tree.get("version") or ""),
        title=str(title),
        xform=result.xform,
        warnings=[str(w) for w in warnings],
        questions=questions,
        choices=choices,
    )
