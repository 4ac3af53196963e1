from django.core.paginator import Page, Paginator
from django.utils.translation import get_language

from rehber.core.models import AuditEntry, Province


def province_choices() -> list[tuple[int, str]]:
    """(plate code, name) for every province, sorted by its name in the active language."""
    language = (get_language() or "en").split("-")[0]
    provinces = list(Province.objects.all())
    if language == "tr":
        # Turkish alphabetical order: Ç after C, İ after I, Ş after S, and so on.
        alphabet = "abcçdefgğhıijklmnoöprsştuüvyz"
        key = {letter: index for index, letter in enumerate(alphabet)}

        def sort_key(province):
            lowered = province.name_tr.replace("I", "ı").replace("İ", "i").lower()
            return [key.get(letter, 100 + ord(letter)) for letter in lowered]

        provinces.sort(key=sort_key)
    else:
        provinces.sort(key=lambda province: province.name.casefold())
    return [(province.code, province.name) for province in provinces]


def province_get(*, code: int) -> Province | None:
    return Province.objects.filter(code=code).first()


def audit_entry_page(*, viewer, action: str = "", page_number: int | str = 1) -> Page:
    """Audit entries newest first, for staff who may read the audit log."""
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action=action)
    return Paginator(entries, 50).get_page(page_number)


def audit_action_names() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
