"""Files for download: CSV and XLSX of estimate tables, CSV of microdata; no Django.

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe, so a label cannot turn into a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

TABLE_COLUMNS = (
    "group",
    "group_label",
    "category",
    "category_label",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "n",
    "n_base",
    "df",
    "suppressed",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = " ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_rows(cells: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """The cells as rows of :data:`TABLE_COLUMNS`; suppressed values stay empty."""
    rows = []
    for cell in cells:
        row = []
        for column in TABLE_COLUMNS:
            value = cell.get(column)
            if column == "suppressed":
                value = value or ""
            row.append(_safe(value))
        rows.append(row)
    return rows


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets read Arabic and Persian labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(item) for item in header])
    for row in rows:
        writer.writerow([_safe(item) for item in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
    *,
    notes: Sequence[str] = (),
    rtl: bool = False,
) -> bytes:
    """A workbook with one sheet per ``(title, header, rows)`` and a sheet of notes."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([_safe(item) for item in header])
        for row in rows:
            sheet.append([_safe(item) for item in row])
    if notes:
        sheet = book.create_sheet("notes")
        sheet.sheet_view.rightToLeft = rtl
        for note in notes:
            sheet.append([_safe(note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
