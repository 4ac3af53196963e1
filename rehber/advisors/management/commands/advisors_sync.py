from django.core.management.base import BaseCommand

from rehber.advisors.services import rule_set_versions_record


class Command(BaseCommand):
    help = "Record the advisors' rule files that changed since the last run (run at every deploy)."

    def handle(self, *args, **options):
        recorded = rule_set_versions_record()
        for version in recorded:
            self.stdout.write(f"Recorded {version.advisor} {version.version}")
        if not recorded:
            self.stdout.write("Advisor rules: no new versions.")
