"""Page weight of the listing pages (≤ 30 KB transferred, ≤ 6 requests, readable without
JavaScript), measured like bench/page_weight.py on the demo listings.

    .venv/bin/rehber demo_load            # once: the demo listings in var/
    .venv/bin/python bench/listings_pages.py

Throughput of a listing page against a bare Django view of the same size:

    .venv/bin/python bench/throughput.py --page /ar/listings/<id>/ --rounds 3
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import page_weight  # noqa: E402


def listing_pages() -> list[tuple[str, str]]:
    """The list, a filtered list, a search and one listing of each kind, from var/'s database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehber.settings")
    import django

    django.setup()
    from rehber.listings.models import Listing

    housing = Listing.objects.visible().filter(kind="housing", language="ar").first()
    job = Listing.objects.visible().filter(kind="job", language="fa").first()
    if housing is None or job is None:
        raise SystemExit("No demo listings: run `.venv/bin/rehber demo_load` first.")
    return [
        ("listings ar", "/ar/listings/"),
        ("listings tr filt", "/tr/listings/?kind=housing&province=27&rent_max=15000"),
        ("listings search", "/en/listings/?q=flat+tram"),
        ("housing ar", f"/ar/listings/{housing.pk}/"),
        ("job fa", f"/fa/listings/{job.pk}/"),
        ("sign up en", "/en/account/sign-up/"),
    ]


def main() -> int:
    page_weight.PAGES[:] = listing_pages()
    return page_weight.run(workers=2, results_name="listings_page_weight.json")


if __name__ == "__main__":
    sys.exit(main())
