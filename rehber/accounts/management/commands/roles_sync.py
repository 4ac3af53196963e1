from django.core.management.base import BaseCommand

from rehber.accounts.services import roles_sync


class Command(BaseCommand):
    help = "Create the staff role groups with exactly the permissions in accounts/roles.py."

    def handle(self, *args, **options):
        counts = roles_sync()
        for role, count in counts.items():
            self.stdout.write(f"{role}: {count} permissions")
