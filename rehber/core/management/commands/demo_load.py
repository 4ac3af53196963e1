from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rehber.core.demo import demo_staff_load
from rehber.directory.demo import demo_directory_load
from rehber.guides.demo import demo_guides_load, demo_laws_load
from rehber.listings.demo import demo_listings_load
from rehber.surveys.analysis.demo import demo_published_tables_load
from rehber.surveys.demo import demo_surveys_load


class Command(BaseCommand):
    help = "Load demo content and demo staff accounts (never in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="rehber-demo-2026",
            help="Password of the demo staff accounts (default: %(default)s).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo content is not loaded in production.")
        laws = demo_laws_load()
        guides = demo_guides_load()
        self.stdout.write(f"Demo content: {laws} laws and {guides} guides added.")
        points = demo_directory_load()
        self.stdout.write(f"Demo directory: {points} service points added.")
        survey = demo_surveys_load()
        tables = demo_published_tables_load()
        self.stdout.write(
            f"Demo survey: {survey.form.title}, {survey.submissions.count()} submissions, "
            f"{len(tables)} tables published."
        )
        listings = demo_listings_load(password=options["password"])
        self.stdout.write(
            f"Demo listings: {listings} added; posters and seekers are *@demo.rehber.test "
            "(housing-association, employer, poster-<lang>-<n>, seeker-<n>)."
        )
        accounts = demo_staff_load(password=options["password"])
        self.stdout.write(
            "Demo staff accounts (each sets up an authenticator app at first sign-in):"
        )
        for email, role in accounts:
            self.stdout.write(f"  {email:<36} {role}")
        self.stdout.write(f"  password: {options['password']}")
