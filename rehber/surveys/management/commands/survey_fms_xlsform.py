from pathlib import Path

from django.core.management.base import BaseCommand

from rehber.surveys.fms import fms_source, xlsform_build


class Command(BaseCommand):
    help = "Build the XLSForm (.xlsx) of the Flow Monitoring Survey from its YAML source."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Where to write the .xlsx file.")

    def handle(self, *args, out, **options):
        path = Path(out)
        path.write_bytes(xlsform_build(fms_source()))
        self.stdout.write(f"{path}\n")
