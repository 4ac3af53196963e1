"""Disclosure control for survey outputs; pure functions, no Django.

Two tools, used before anything leaves the analysts' hands:

- :func:`suppress_small_cells` blanks table cells counting fewer than ``k`` respondents
  (default 5) and marks them. Zero cells are shown (they name nobody) unless asked.
  Within a group, if exactly one cell is suppressed it could be worked back from the
  others (shares add up to 1, counts to the total), so the next smallest cell of that
  group is suppressed as well and marked as complementary.
- :func:`k_anonymise` makes microdata k-anonymous on chosen quasi-identifiers by local
  suppression: it sets single values to missing, never drops rows. It is greedy (not an
  optimal search): each record in a class smaller than ``k`` loses the one value whose
  removal puts it in the largest class, ties going to the quasi-identifier with more
  distinct values; this repeats until every class has at least ``k`` records. A missing
  value counts as a category of its own when classes are formed, which never
  overstates anonymity. Records that are still in a class smaller than ``k`` with every
  quasi-identifier missing are reported in ``at_risk``; an export must not go ahead
  while that list is not empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_K = 5
PRIMARY = "primary"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class SuppressedTable:
    """Cells (copies, with the suppressed values set to None) and what was suppressed."""

    cells: list[dict[str, Any]]
    suppressed: list[tuple[int, str]]  # (cell index, PRIMARY or COMPLEMENTARY)
    k: int


def suppress_small_cells(
    cells: Sequence[Mapping[str, Any]],
    *,
    k: int = DEFAULT_K,
    count_key: str = "n",
    group_key: str | None = "group",
    value_keys: Sequence[str] = ("estimate", "se", "ci_low", "ci_high"),
    suppress_zeros: bool = False,
) -> SuppressedTable:
    """Blank the ``value_keys`` and the count of every cell with fewer than ``k`` respondents.

    Each returned cell gets ``suppressed`` (False, "primary" or "complementary").
    ``group_key`` names the cells that add up together (None: the whole table is one group).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    out = [dict(cell) for cell in cells]
    reason: dict[int, str] = {}
    for index, cell in enumerate(out):
        count = int(cell[count_key])
        if count < k and (count > 0 or suppress_zeros):
            reason[index] = PRIMARY
    groups: dict[Hashable, list[int]] = {}
    for index, cell in enumerate(out):
        groups.setdefault(cell.get(group_key) if group_key else None, []).append(index)
    for members in groups.values():
        hidden = [i for i in members if i in reason]
        if len(hidden) != 1:
            continue
        candidates = [i for i in members if i not in reason and int(out[i][count_key]) > 0]
        if candidates:
            smallest = min(candidates, key=lambda i: (int(out[i][count_key]), i))
            reason[smallest] = COMPLEMENTARY
    for index, cell in enumerate(out):
        cell["suppressed"] = reason.get(index, False)
        if index in reason:
            for key in (*value_keys, count_key):
                if key in cell:
                    cell[key] = None
    return SuppressedTable(cells=out, suppressed=sorted(reason.items()), k=k)


@dataclass(frozen=True)
class KAnonymityResult:
    """Records (copies) after local suppression, and what was done to them."""

    records: list[dict[str, Any]]
    suppressed: list[tuple[int, str]] = field(default_factory=list)  # (record index, column)
    at_risk: list[int] = field(default_factory=list)
    k: int = DEFAULT_K
    quasi_identifiers: tuple[str, ...] = ()

    @property
    def is_k_anonymous(self) -> bool:
        return not self.at_risk


def _missing(value: Any) -> bool:
    return value is None or value == ""


def equivalence_class_sizes(
    records: Sequence[Mapping[str, Any]], quasi_identifiers: Sequence[str]
) -> list[int]:
    """For each record, how many records share its quasi-identifier values (missing = a value)."""
    keys = [
        tuple(None if _missing(r.get(q)) else r.get(q) for q in quasi_identifiers) for r in records
    ]
    counts = Counter(keys)
    return [counts[key] for key in keys]


def k_anonymise(
    records: Sequence[Mapping[str, Any]],
    quasi_identifiers: Sequence[str],
    *,
    k: int = DEFAULT_K,
) -> KAnonymityResult:
    """Set the fewest quasi-identifier values to None (greedily) until every class has ≥ k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    qis = tuple(quasi_identifiers)
    if not qis:
        raise ValueError("name at least one quasi-identifier")
    out = [dict(record) for record in records]
    for record in out:
        for q in qis:
            if _missing(record.get(q)):
                record[q] = None
    keys = [tuple(record.get(q) for q in qis) for record in out]
    counts = Counter(keys)
    distinct = {q: len({record.get(q) for record in out if record.get(q) is not None}) for q in qis}
    suppressed: list[tuple[int, str]] = []
    while True:
        risky = [
            i for i, key in enumerate(keys) if counts[key] < k and any(v is not None for v in key)
        ]
        if not risky:
            break
        risky.sort(key=lambda i: (counts[keys[i]], i))
        for i in risky:
            key = keys[i]
            if counts[key] >= k:
                continue  # others joined its class since the list was made
            best: tuple[int, int, int] | None = None
            for position, q in enumerate(qis):
                if key[position] is None:
                    continue
                target = (*key[:position], None, *key[position + 1 :])
                score = (counts[target], distinct[q], -position)
                if best is None or score > best:
                    best = score
                    choice = position
            if best is None:
                continue
            target = (*key[:choice], None, *key[choice + 1 :])
            counts[key] -= 1
            counts[target] += 1
            keys[i] = target
            out[i][qis[choice]] = None
            suppressed.append((i, qis[choice]))
    at_risk = [i for i, key in enumerate(keys) if counts[key] < k]
    return KAnonymityResult(
        records=out,
        suppressed=sorted(suppressed),
        at_risk=at_risk,
        k=k,
        quasi_identifiers=qis,
    )
