import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User
from rehber.accounts.tests.factories import PASSWORD, UserFactory
from rehber.conftest import sign_in_verified
from rehber.core.models import AuditEntry
from rehber.guides.models import GuideTranslation
from rehber.guides.tests.factories import content, make_guide

pytestmark = pytest.mark.django_db


def test_a_person_downloads_what_we_hold_about_them(client):
    user = UserFactory(email="leyla@example.org", phone="+90 555 000 00 00")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(reverse("accounts:my_data"), {"download": "1"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "leyla@example.org"
    assert data["account"]["phone"] == "+90 555 000 00 00"
    assert data["authenticator_apps"] == [{"name": "phone", "confirmed": True}]
    assert [item["action"] for item in data["what_you_did"]] == ["user.data_exported"]


def test_erasing_an_account_needs_the_password_and_keeps_nothing_personal(client):
    user = UserFactory(email="omar@example.org")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": user.email, "password": "guess"})
    database_handler = settings.AXES_HANDLER.endswith("AxesDatabaseHandler")
    if database_handler:
        assert AccessAttempt.objects.filter(username="omar@example.org").exists()
    guide = make_guide(languages=("en",))
    from rehber.guides import services

    services.guide_publish(guide=guide, language="ar", content=content("عمل"), actor=user)
    client.force_login(user)

    response = client.post(reverse("accounts:my_data"), {"erase": "1", "password": "wrong"})
    assert response.status_code == 200
    assert "That password is not right." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(reverse("accounts:my_data"), {"erase": "1", "password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="omar@example.org").exists()
    assert not TOTPDevice.objects.filter(user_id=user.pk).exists()
    if database_handler:
        assert not AccessAttempt.objects.filter(username="omar@example.org").exists()
    translation = GuideTranslation.objects.get(guide=guide, language="ar")
    assert translation.updated_by is None
    entry = AuditEntry.objects.get(action="user.erased")
    assert entry.data == {"user_id": user.pk}
    assert "omar" not in json.dumps(list(AuditEntry.objects.values("data", "target_id")))
    assert "_auth_user_id" not in client.session


def test_a_superuser_cannot_erase_themselves(client):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    sign_in_verified(client, admin)
    response = client.post(reverse("accounts:my_data"), {"erase": "1", "password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=admin.pk).exists()


def test_staff_give_their_second_factor_before_reading_or_erasing(client, make_staff):
    staff = make_staff("caseworker")
    client.force_login(staff)
    response = client.post(reverse("accounts:my_data"), {"erase": "1", "password": PASSWORD})
    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]
    assert User.objects.filter(pk=staff.pk).exists()
