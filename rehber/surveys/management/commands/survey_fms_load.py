from django.core.management.base import BaseCommand

from rehber.surveys.services import fms_form_load


class Command(BaseCommand):
    help = (
        "Load the Flow Monitoring Survey (if its version is new) and its indicator definitions; "
        "indicators of every submission are computed again."
    )

    def handle(self, *args, **options):
        version = fms_form_load(actor=None)
        self.stdout.write(f"{version.form.form_id} {version.version}\n")
