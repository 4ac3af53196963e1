from django.core.management.base import BaseCommand, CommandError

from rehber.core.search.registry import registered_kinds
from rehber.core.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index from the apps that register documents (every kind, or one)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help="Only this kind (repeat for several). Registered: "
            + (", ".join(registered_kinds()) or "none"),
        )

    def handle(self, *args, kinds=None, **options):
        try:
            written = search_reindex(kinds=kinds)
        except ValueError as error:
            raise CommandError(str(error)) from error
        kinds_done = ", ".join(kinds) if kinds else "every kind"
        self.stdout.write(self.style.SUCCESS(f"Indexed {written} entries ({kinds_done})."))
