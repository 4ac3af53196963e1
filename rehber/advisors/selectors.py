"""Reads for the advisor pages: overviews, versions and their differences, value history."""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from rehber.advisors import rulebook
from rehber.advisors.models import AdvisorValue, AdvisorValueChange, RuleSetVersion
from rehber.guides.models import Guide, GuideTranslation
from rehber.guides.selectors import language_fallbacks


def guide_links(*, slugs: list[str], language: str) -> list[dict]:
    """The guides a rule set names, with their titles in the reader's language (published only).

    One query for the guides and one for their translations, however many guides are named.
    """
    guides = Guide.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch(
            "translations",
            queryset=GuideTranslation.objects.published(),
            to_attr="published_translations",
        )
    )
    by_slug = {guide.slug: guide for guide in guides}
    links = []
    for slug in slugs:
        guide = by_slug.get(slug)
        if guide is None or not guide.published_translations:
            continue
        by_language = {t.language: t for t in guide.published_translations}
        code = next(
            (c for c in language_fallbacks(language, guide.source_language) if c in by_language),
            guide.published_translations[0].language,
        )
        links.append({"slug": slug, "title": by_language[code].title, "lang": code})
    return links


def advisor_overview(*, language: str) -> list[dict]:
    latest = {}
    for version in RuleSetVersion.objects.order_by("advisor", "-recorded_at", "-id").only(
        "advisor", "version", "recorded_at", "sha256"
    ):
        latest.setdefault(version.advisor, version)
    return [
        {
            "slug": slug,
            "title": rule_set.title.get(language),
            "version": rule_set.version,
            "effective_from": rule_set.effective_from,
            "checked_on": rule_set.checked_on,
            "questions": len(rule_set.questions),
            "outcomes": [outcome.code for outcome in rule_set.outcomes],
            "recorded": latest.get(slug),
            "recorded_is_current": slug in latest
            and latest[slug].sha256 == rulebook.rule_file_text(slug)[1],
        }
        for slug, rule_set in rulebook.rule_sets().items()
    ]


@dataclass
class ValueRow:
    key: str
    default: Any
    current: Any
    unit: str | None
    source: str
    source_url: str | None
    check_with_authority: bool
    checked_on: Any
    note: str | None
    override: AdvisorValue | None

    @property
    def differs(self) -> bool:
        return self.override is not None


def value_rows() -> list[ValueRow]:
    overrides = {value.key: value for value in AdvisorValue.objects.select_related("changed_by")}
    current = rulebook.values_current()
    return [
        ValueRow(
            key=key,
            default=spec.value,
            current=current[key],
            unit=spec.unit,
            source=spec.source,
            source_url=spec.source_url,
            check_with_authority=spec.check_with_authority,
            checked_on=spec.checked_on,
            note=spec.note,
            override=overrides.get(key),
        )
        for key, spec in sorted(rulebook.value_specs().items())
    ]


def value_history(*, key: str) -> list[AdvisorValueChange]:
    return list(AdvisorValueChange.objects.filter(key=key).select_related("changed_by"))


def rule_set_versions(*, advisor: str) -> list[RuleSetVersion]:
    """Recorded versions of one advisor's rules, newest first."""
    return list(RuleSetVersion.objects.filter(advisor=advisor).order_by("-recorded_at", "-id"))


def version_pick(
    versions: list[RuleSetVersion], wanted: str | None, *, default_index: int
) -> RuleSetVersion | None:
    """The version with id ``wanted``, else the one at ``default_index`` (0 is the newest)."""
    if wanted and wanted.isdigit():
        found = next((v for v in versions if v.pk == int(wanted)), None)
        if found is not None:
            return found
    return versions[default_index] if len(versions) > default_index else None


@dataclass
class DiffRow:
    kind: str  # "same", "changed", "added", "removed", "gap"
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str


def version_diff(
    *, older: RuleSetVersion, newer: RuleSetVersion, context: int = 3
) -> list[DiffRow]:
    """The lines that differ between two versions, side by side, with a little context."""
    old_lines = older.content.splitlines()
    new_lines = newer.content.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow("gap", None, "", None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    rows.append(
                        DiffRow(
                            "same",
                            i1 + offset + 1,
                            old_lines[i1 + offset],
                            j1 + offset + 1,
                            new_lines[j1 + offset],
                        )
                    )
                continue
            old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
            for offset in range(max(len(old_part), len(new_part))):
                old = old_part[offset] if offset < len(old_part) else None
                new = new_part[offset] if offset < len(new_part) else None
                kind = (
                    "changed"
                    if old is not None and new is not None
                    else ("removed" if new is None else "added")
                )
                rows.append(
                    DiffRow(
                        kind,
                        i1 + offset + 1 if old is not None else None,
                        old or "",
                        j1 + offset + 1 if new is not None else None,
                        new or "",
                    )
                )
    return rows
