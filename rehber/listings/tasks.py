"""Scheduled work for listings (django-tasks). Operators run `rehber listings_expire` from cron."""

from django_tasks import task

from rehber.listings.services import listings_expire, listings_renewal_remind


@task()
def listings_expire_and_remind() -> dict[str, int]:
    """Expire listings past their date and remind posters whose listings end within 3 days."""
    return {"expired": listings_expire(), "reminded": listings_renewal_remind()}
