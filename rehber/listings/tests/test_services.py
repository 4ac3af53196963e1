import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import AuditEntry, District, Province
from rehber.core.search.models import SearchEntry
from rehber.listings import services
from rehber.listings.models import HIDE_AFTER_REPORTS, Listing, ListingStatus, Report
from rehber.listings.services import ModerationAction
from rehber.listings.tax_number import vkn_check_digit
from rehber.listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def housing_data(**changes):
    province = Province.objects.get(code=27)
    data = {
        "language": "ar",
        "title": "شقة غرفتين قرب الترام",
        "description": "شقة نظيفة مفروشة في شاهين بيك، قريبة من المدرسة والسوق.",
        "province": province,
        "district": District.objects.filter(province=province).first(),
        "organization_name": "",
        "monthly_rent": 9000,
        "deposit": 9000,
        "rooms": 2,
        "furnished": True,
        "floor": 2,
        "women_only": False,
        "families_only": True,
        "bills_included": False,
    }
    data.update(changes)
    return data


def indexed(listing):
    return SearchEntry.objects.filter(kind="listing", key=str(listing.pk)).exists()


def test_whole_lifecycle(django_capture_on_commit_callbacks):
    poster = UserFactory()
    moderator = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.listing_create(
            poster=poster, kind="housing", data=housing_data(), actor=poster
        )
    assert listing.status == ListingStatus.PENDING
    assert not indexed(listing)

    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = services.listing_moderate(
            listing_ids=[listing.pk], action=ModerationAction.APPROVE, reason="", actor=moderator
        )
    assert outcome.done
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.expires_on == timezone.localdate() + datetime.timedelta(days=30)
    assert indexed(listing)

    reporters = [UserFactory() for _ in range(HIDE_AFTER_REPORTS)]
    with django_capture_on_commit_callbacks(execute=True):
        for reporter in reporters:
            services.report_create(listing=listing, reporter=reporter, reason="scam", text="")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED and listing.hidden_by_reports
    assert not Listing.objects.visible().filter(pk=listing.pk).exists()
    assert not indexed(listing)

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_moderate(
            listing_ids=[listing.pk], action=ModerationAction.RESTORE, reason="", actor=moderator
        )
    listing.refresh_from_db()
    assert listing.is_visible and indexed(listing)
    assert not Report.objects.filter(listing=listing, resolved=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        expired = services.listings_expire(today=listing.expires_on + datetime.timedelta(days=1))
    assert expired == 1
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXPIRED and not indexed(listing)

    services.listing_renew(listing=listing, actor=poster)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    actions = set(
        AuditEntry.objects.filter(target_id=str(listing.pk)).values_list("action", flat=True)
    )
    assert {
        "listing.created",
        "listing.approve",
        "listing.reported",
        "listing.hidden_by_reports",
        "listing.restore",
        "listing.renewed",
    } <= actions


def test_verified_employers_publish_at_once_and_need_a_real_tax_number():
    poster, moderator = UserFactory(), UserFactory()
    with pytest.raises(ValidationError):
        services.poster_verify(
            user=poster,
            kind="employer",
            organization_name="Atölye",
            tax_number="1234567891",
            actor=moderator,
        )
    good = "123456789" + str(vkn_check_digit("123456789"))
    services.poster_verify(
        user=poster, kind="employer", organization_name="Atölye", tax_number=good, actor=moderator
    )
    listing = services.listing_create(
        poster=poster, kind="housing", data=housing_data(), actor=poster
    )
    assert listing.status == ListingStatus.PUBLISHED


def test_text_is_stored_plain_and_without_contact_details():
    poster = UserFactory()
    listing = services.listing_create(
        poster=poster,
        kind="housing",
        data=housing_data(
            description="Nice flat <b>now</b>. Call ٠٥٣٢١٢٣٤٥٦٧ or amal at example dot com"
        ),
        actor=poster,
    )
    assert "<b>" not in listing.description
    assert "٠٥٣٢" not in listing.description and "example" not in listing.description


def test_reports_count_once_per_reporter():
    listing = ListingFactory()
    reporter = UserFactory()
    services.report_create(listing=listing, reporter=reporter, reason="scam", text="")
    for _ in range(HIDE_AFTER_REPORTS):
        with pytest.raises(ValidationError):
            services.report_create(listing=listing, reporter=reporter, reason="duplicate", text="")
    listing.refresh_from_db()
    assert Report.objects.filter(listing=listing).count() == 1
    assert not listing.hidden_by_reports


def test_posters_cannot_report_their_own_listing():
    listing = ListingFactory()
    with pytest.raises(ValidationError):
        services.report_create(listing=listing, reporter=listing.poster, reason="scam", text="")


def test_second_moderator_is_told_the_listing_was_decided():
    listing = ListingFactory(status=ListingStatus.PENDING, published_at=None)
    first, second = UserFactory(), UserFactory()
    [done] = services.listing_moderate(
        listing_ids=[listing.pk], action=ModerationAction.APPROVE, reason="", actor=first
    )
    [late] = services.listing_moderate(
        listing_ids=[listing.pk], action=ModerationAction.REJECT, reason="fake", actor=second
    )
    assert done.done and not late.done
    assert "already decided" in late.message
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED


def test_reject_and_remove_need_a_reason():
    listing = ListingFactory(status=ListingStatus.PENDING)
    with pytest.raises(ValidationError):
        services.listing_moderate(
            listing_ids=[listing.pk], action=ModerationAction.REJECT, reason=" ", actor=None
        )


def test_unverified_posters_changes_wait_for_a_moderator_again():
    listing = ListingFactory()
    services.listing_update(
        listing=listing, data=housing_data(title="Changed title"), actor=listing.poster
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING and listing.title == "Changed title"


def test_renewal_only_in_the_last_week():
    listing = ListingFactory()
    with pytest.raises(ValidationError):
        services.listing_renew(listing=listing, actor=listing.poster)
    services.listing_renew(
        listing=listing, actor=listing.poster, today=listing.expires_on - datetime.timedelta(days=3)
    )


def test_expiry_task_expires_and_reminds_once(django_capture_on_commit_callbacks):
    from django.core import mail
    from django.core.management import call_command

    today = timezone.localdate()
    poster = UserFactory(preferred_language="tr")
    ending = ListingFactory(poster=poster, expires_on=today + datetime.timedelta(days=2))
    later = ListingFactory(expires_on=today + datetime.timedelta(days=20))
    past = ListingFactory(expires_on=today - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("listings_expire", stdout=io.StringIO())
    past.refresh_from_db()
    assert past.status == ListingStatus.EXPIRED
    [reminder] = mail.outbox
    assert reminder.to == [poster.email]
    assert ending.title in reminder.body and "/tr/listings/mine/" in reminder.body
    assert later.title not in reminder.body
    call_command("listings_expire", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_a_reminder_that_cannot_be_sent_is_tried_again(settings, mail_server_down):
    from django.core import mail

    today = timezone.localdate()
    ending = ListingFactory(expires_on=today + datetime.timedelta(days=2))
    assert services.listings_renewal_remind(today=today) == 0
    ending.refresh_from_db()
    assert ending.renewal_reminded_on is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.listings_renewal_remind(today=today) == 1
    [reminder] = mail.outbox
    assert ending.title in reminder.body
