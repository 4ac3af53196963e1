from django.core.management.base import BaseCommand

from rehber.listings.tasks import listings_expire_and_remind


class Command(BaseCommand):
    help = (
        "Expire listings past their date and send renewal reminders (run daily from cron). "
        "Queues the task; with REHBER_TASKS_BACKEND=immediate it runs at once."
    )

    def handle(self, *args, **options):
        result = listings_expire_and_remind.enqueue()
        if result.is_finished:
            counts = result.return_value
            self.stdout.write(
                self.style.SUCCESS(
                    f"Expired {counts['expired']} listings, sent {counts['reminded']} reminders."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Queued as task {result.id}."))
