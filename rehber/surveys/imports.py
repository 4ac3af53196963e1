"""Read KoBoToolbox and ODK Central exports (CSV or XLSX). No Django imports.

Columns are matched to questions by name, with group prefixes stripped
(``group/question``, ``group-question``, ``group.question``). A select_multiple
answer may be one column of space-separated values or one 0/1 column per
choice (``question/choice`` and the like). The instance id comes from
``meta/instanceID``, ``_uuid``, ``instanceID`` or ``KEY``.
"""

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from openpyxl import load_workbook

from rehber.surveys.answers import INPUT_TYPES, answer_clean
from rehber.surveys.xlsform import QuestionSpec

ID_COLUMNS = ("meta/instanceID", "meta-instanceID", "instanceID", "_uuid", "KEY")
SEPARATORS = re.compile(r"[/\-.:]")

#: Error codes of a row, beside those of ``answers``.
NO_INSTANCE_ID = "no_instance_id"
DUPLICATE_IN_FILE = "duplicate_in_file"
NOT_ZERO_ONE = "not_zero_one"


class ExportError(ValueError):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


@dataclass
class RowProblem:
    row: int  # as the analyst sees it in the file: the header is row 1
    column: str
    code: str
    value: str = ""
    question: str = ""


@dataclass
class ParsedRow:
    row: int
    instance_id: str
    answers: dict = field(default_factory=dict)


def export_read(data: bytes, filename: str) -> tuple[list[str], Iterator[list[str]]]:
    """Headers and rows of a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX."""
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise ExportError("unreadable", str(error)) from error
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise ExportError("empty")

        def cells():
            for row in rows:
                yield ["" if value is None else _cell_text(value) for value in row]

        return [str(h or "").strip() for h in header], cells()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError("encoding", str(error)) from error
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ExportError("empty")
    return [h.strip() for h in header], reader


def _cell_text(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _tail(column: str) -> list[str]:
    return SEPARATORS.split(column)


def column_map(
    headers: Sequence[str], questions: Sequence[QuestionSpec], choices: dict[str, list[str]]
) -> tuple[int | None, dict[str, int], dict[str, dict[str, int]]]:
    """Index of the id column, ``question -> column`` and ``question -> {choice: column}``."""
    by_name = {q.name: q for q in questions if q.type in INPUT_TYPES}
    id_index = next((headers.index(name) for name in ID_COLUMNS if name in headers), None)
    single: dict[str, int] = {}
    split: dict[str, dict[str, int]] = {}
    for index, header in enumerate(headers):
        if index == id_index or not header:
            continue
        parts = _tail(header)
        if header in by_name or parts[-1] in by_name:
            name = header if header in by_name else parts[-1]
            single.setdefault(name, index)
            continue
        question = by_name.get(parts[-2]) if len(parts) >= 2 else None
        if (
            question
            and question.type == "select_multiple"
            and parts[-1] in choices.get(question.list_name, [])
        ):
            split.setdefault(question.name, {})[parts[-1]] = index
    return id_index, single, split


def export_parse(
    headers: Sequence[str],
    rows: Iterator[list[str]],
    questions: Sequence[QuestionSpec],
    choices: dict[str, list[str]],
) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Every row's answers, and every problem found (all rows are read)."""
    id_index, single, split = column_map(headers, questions, choices)
    parsed: list[ParsedRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    if id_index is None:
        problems.append(RowProblem(row=1, column="", code=NO_INSTANCE_ID))
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = list(row) + [""] * (len(headers) - len(row))

        def cell(index, row=row):
            return row[index]

        instance_id = cell(id_index).strip() if id_index is not None else ""
        if id_index is not None and not instance_id:
            problems.append(RowProblem(row=number, column=headers[id_index], code=NO_INSTANCE_ID))
        elif instance_id and instance_id in seen:
            problems.append(
                RowProblem(
                    row=number,
                    column=headers[id_index],
                    code=DUPLICATE_IN_FILE,
                    value=instance_id,
                )
            )
        seen.add(instance_id)
        answers = {}
        for question in questions:
            if question.type not in INPUT_TYPES:
                continue
            allowed = choices.get(question.list_name, [])
            if question.name in single:
                column = headers[single[question.name]]
                raw = cell(single[question.name])
            elif question.name in split:
                column = question.name
                picked = []
                for value, index in split[question.name].items():
                    flag = cell(index).strip()
                    if flag in ("1", "1.0", "True", "true"):
                        picked.append(value)
                    elif flag not in ("", "0", "0.0", "False", "false"):
                        problems.append(
                            RowProblem(
                                row=number,
                                column=headers[index],
                                code=NOT_ZERO_ONE,
                                value=flag,
                                question=question.name,
                            )
                        )
                raw = picked
            else:
                continue
            value, code, bad = answer_clean(type=question.type, raw=raw, choices=allowed)
            if code:
                problems.append(
                    RowProblem(
                        row=number, column=column, code=code, value=bad, question=question.name
                    )
                )
            elif value is not None:
                answers[question.name] = value
        parsed.append(ParsedRow(row=number, instance_id=instance_id, answers=answers))
    return parsed, problems


__all__ = ["ExportError", "ParsedRow", "RowProblem", "export_parse", "export_read"]
