"""Read chosen columns of a CSV file into lists and numpy arrays (no pandas).

The separator is the one of ``,``, ``;`` and tab that occurs most in the header line.

A cell that is empty (after trimming spaces) or exactly ``NA`` is missing, as R's
``read.csv(na.strings = c("", "NA"))`` reads it; missing cells come back as "".
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path

import numpy as np

#: Separators recognised from the header line (KoBoToolbox can export with ";").
DELIMITERS = (",", ";", "\t")


class ColumnError(ValueError):
    """The file or a column cannot be read as asked; the message says why."""


def read_columns(path: str | Path, names: Sequence[str]) -> dict[str, list[str]]:
    """The named columns of a CSV file (UTF-8, a header row), as lists of strings."""
    wanted = list(dict.fromkeys(names))
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115
    except FileNotFoundError as error:
        raise ColumnError(f"file not found: {path}") from error
    except OSError as error:
        raise ColumnError(f"cannot open {path}: {error.strerror}") from error
    with handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as error:
            raise ColumnError(f"{path} is not a readable UTF-8 CSV file: {error}") from error
        handle.seek(0)
        reader = csv.reader(handle, delimiter=max(DELIMITERS, key=first.count))
        try:
            header = next(reader)
        except StopIteration as error:
            raise ColumnError(f"{path} is empty (no header row)") from error
        except (csv.Error, UnicodeDecodeError) as error:
            raise ColumnError(f"{path} is not a readable UTF-8 CSV file: {error}") from error
        header = [name.strip() for name in header]
        unknown = [name for name in wanted if name not in header]
        if unknown:
            missing = ", ".join(repr(n) for n in unknown)
            raise ColumnError(f"unknown column {missing}; the file has: {', '.join(header)}")
        positions = [header.index(name) for name in wanted]
        width = len(header)
        pick = itemgetter(*positions)
        picked: list = []
        try:
            for line, row in enumerate(reader, start=2):
                if len(row) != width:
                    if not row:
                        continue
                    raise ColumnError(f"line {line} has {len(row)} fields, the header has {width}")
                picked.append(pick(row))
        except (csv.Error, UnicodeDecodeError) as error:
            raise ColumnError(f"{path} is not a readable UTF-8 CSV file: {error}") from error
    if len(wanted) == 1:
        columns = [list(picked)]
    else:
        columns = (
            [list(column) for column in zip(*picked, strict=True)]
            if picked
            else [[] for _ in wanted]
        )
    result = {}
    for name, values in zip(wanted, columns, strict=True):
        cleaned = list(map(str.strip, values))
        if "NA" in cleaned:
            cleaned = ["" if v == "NA" else v for v in cleaned]
        result[name] = cleaned
    return result


def to_numbers(values: Sequence[str], name: str, *, allow_missing: bool = True) -> np.ndarray:
    """Parse strings into float64; "" becomes NaN (or is refused when not allowed)."""
    has_missing = "" in values
    if has_missing and not allow_missing:
        row = list(values).index("") + 1
        raise ColumnError(f"column {name!r} has a missing value on data row {row}")
    filled = [v or "nan" for v in values] if has_missing else values
    try:
        out = np.array(filled, dtype=np.float64).reshape(len(values))
    except ValueError:
        for row, v in enumerate(values, start=1):
            try:
                float(v or "nan")
            except ValueError:
                raise ColumnError(
                    f"column {name!r} is not numeric: {v!r} on data row {row}"
                ) from None
        raise
    for index in np.flatnonzero(~np.isfinite(out)):
        if values[index] != "":
            raise ColumnError(
                f"column {name!r} is not a finite number: {values[index]!r} on data row {index + 1}"
            )
    return out
