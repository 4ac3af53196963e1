"""Staff pages: rule-set versions and their differences, explain, and admin-edited values."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from rehber.accounts.roles import Role
from rehber.advisors import rulebook
from rehber.advisors.models import AdvisorValue, AdvisorValueChange, RuleSetVersion
from rehber.advisors.services import advisor_value_set, rule_set_versions_record
from rehber.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PHONE_KEY = "bank.turkish_phone_required"
BANK_QUERY = (
    "status=refugee&has_passport=no&has_foreigner_id_99=yes&has_tax_number=yes"
    "&has_address_proof=yes&has_turkish_phone=no"
)


def test_versions_are_recorded_once_per_content():
    recorded = rule_set_versions_record()
    assert {version.advisor for version in recorded} == set(rulebook.rule_sets())
    for version in recorded:
        assert version.version == rulebook.rule_set_get(version.advisor).version
        assert version.content == rulebook.rule_file(version.advisor).read_text(encoding="utf-8")
        assert len(version.sha256) == 64
    assert rule_set_versions_record() == []
    assert RuleSetVersion.objects.count() == len(rulebook.rule_sets())


def test_sync_command_records_versions(capsys):
    call_command("advisors_sync")
    assert RuleSetVersion.objects.filter(advisor="bank-account").exists()
    assert "bank-account" in capsys.readouterr().out


def _older_bank_version():
    current = rulebook.rule_file("bank-account").read_text(encoding="utf-8")
    older = current.replace("    list_documents: always\n", "", 1).replace(
        rulebook.rule_set_get("bank-account").version, "2000.01.01", 1
    )
    return RuleSetVersion.objects.create(
        advisor="bank-account",
        version="2000.01.01",
        content=older,
        sha256="0" * 64,
        recorded_at=timezone.now() - timezone.timedelta(days=30),
    )


def test_version_diff_is_a_readable_table(staff_client):
    client, _user = staff_client(Role.EDITOR)
    older = _older_bank_version()
    (newer,) = rule_set_versions_record_for("bank-account")
    response = client.get(
        f"/en/staff/advisors/bank-account/versions/?from={older.pk}&to={newer.pk}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<table class="version-diff"' in html
    assert "<ins>    list_documents: always</ins>" in html
    assert "<del>version: &quot;2000.01.01&quot;</del>" in html
    kinds = {row.kind for row in response.context["diff"]}
    assert {"added", "changed"} <= kinds
    # The newest two are compared when nothing is chosen.
    default = client.get("/en/staff/advisors/bank-account/versions/")
    assert default.context["older"] == older and default.context["newer"] == newer


def rule_set_versions_record_for(advisor):
    return [version for version in rule_set_versions_record() if version.advisor == advisor]


def test_explain_shows_each_requirement_and_its_conditions(staff_client):
    client, _user = staff_client(Role.ADMIN)
    response = client.get(f"/en/staff/advisors/bank-account/explain/?{BANK_QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    requirements = [
        r.id for r in rulebook.rule_set_get("bank-account").outcome("bank_account").requirements
    ]
    for requirement in requirements:
        assert f"<code>{requirement}</code>" in html
    assert "has_turkish_phone = False · eq True" in html
    assert 'class="condition condition-false depth-0"' in html
    assert 'depth-1"' in html  # the parts of an "any" sit under it
    # The typed answers stay in the form.
    assert '<option value="refugee" selected>' in html
    outcome = response.context["outcomes"][0]["outcome"]
    assert outcome.eligible is False


def test_result_page_links_staff_to_explain_the_same_answers(staff_client, client):
    html = client.get(f"/en/advisors/bank-account/result/?{BANK_QUERY}").content.decode()
    assert "/staff/advisors/" not in html
    staff, _user = staff_client(Role.EDITOR)
    response = staff.get(f"/en/advisors/bank-account/result/?{BANK_QUERY}")
    assert response.context["explain_url"].startswith("/en/staff/advisors/bank-account/explain/?")
    explained = staff.get(response.context["explain_url"])
    assert explained.context["outcomes"][0]["outcome"].eligible is False


def test_explain_shows_each_points_factor_and_its_condition(staff_client):
    client, _user = staff_client(Role.EDITOR)
    response = client.get(
        "/en/staff/advisors/turquoise-card/explain/?category=qualified_labour&education=doctorate"
    )
    html = response.content.decode()
    factors = response.context["outcomes"][0]["factors"]
    assert factors
    assert f"<h4><code>{factors[0]['factor'].id}</code></h4>" in html
    assert "education = doctorate" in html


def test_explain_reports_bad_answers(staff_client):
    client, _user = staff_client(Role.EDITOR)
    response = client.get("/en/staff/advisors/bank-account/explain/?status=martian")
    assert response.status_code == 200
    assert "Please choose one of the answers." in response.content.decode()


def test_overview_says_which_rule_files_are_not_recorded_yet(staff_client):
    client, _user = staff_client(Role.EDITOR)
    assert client.get("/en/staff/advisors/").content.decode().count("not recorded yet") == 4
    rule_set_versions_record()
    assert "not recorded yet" not in client.get("/en/staff/advisors/").content.decode()
    RuleSetVersion.objects.filter(advisor="bank-account").update(sha256="1" * 64)
    assert client.get("/en/staff/advisors/").content.decode().count("not recorded yet") == 1


def test_overview_lists_advisors_values_sources_and_overrides(staff_client):
    client, user = staff_client(Role.ADMIN)
    advisor_value_set(key=PHONE_KEY, value=False, reason="Banks stopped asking", actor=user)
    response = client.get("/en/staff/advisors/")
    html = response.content.decode()
    for slug, rule_set in rulebook.rule_sets().items():
        assert f"<code>{slug}</code>" in html
        assert rule_set.version in html
    row = next(row for row in response.context["values"] if row.key == PHONE_KEY)
    assert row.differs and row.current is False and row.default is True
    assert "changed by an administrator" in html
    assert "check with the authority" in html
    assert f'href="/en/staff/advisors/values/{PHONE_KEY}/"' in html


def test_editor_sees_values_but_cannot_change_them(staff_client):
    client, _user = staff_client(Role.EDITOR)
    html = client.get("/en/staff/advisors/").content.decode()
    assert "/staff/advisors/values/" not in html
    response = client.post(
        f"/en/staff/advisors/values/{PHONE_KEY}/", {"value": "no", "reason": "test"}
    )
    assert response.status_code == 403
    assert not AdvisorValue.objects.exists()


def test_admin_changes_a_value_audited_and_the_result_changes_at_once(staff_client):
    client, user = staff_client(Role.ADMIN)
    before = client.get(f"/en/advisors/bank-account/result/?{BANK_QUERY}")
    assert before.context["evaluation"].outcome("bank_account").eligible is False

    response = client.post(
        f"/en/staff/advisors/values/{PHONE_KEY}/",
        {"value": "no", "reason": "Banks now send codes by e-mail too"},
    )
    assert response.status_code == 302
    override = AdvisorValue.objects.get(key=PHONE_KEY)
    assert override.value is False and override.changed_by == user
    change = AdvisorValueChange.objects.get(key=PHONE_KEY)
    assert change.old_value is None and change.new_value is False
    assert change.reason == "Banks now send codes by e-mail too"
    entry = AuditEntry.objects.get(action="advisors.value_set")
    assert entry.actor == user and entry.data["key"] == PHONE_KEY

    after = client.get(f"/en/advisors/bank-account/result/?{BANK_QUERY}")
    assert after.context["evaluation"].outcome("bank_account").eligible is True
    api = client.post(
        "/api/v1/advisors/bank-account/evaluate",
        {
            "answers": {
                "status": "refugee",
                "has_foreigner_id_99": True,
                "has_address_proof": True,
                "has_turkish_phone": False,
                "has_tax_number": True,
            }
        },
        content_type="application/json",
    )
    assert api.json()["outcomes"][0]["eligible"] is True

    page = client.get(f"/en/staff/advisors/values/{PHONE_KEY}/").content.decode()
    assert "Banks now send codes by e-mail too" in page

    # Back to the file's default: the override goes, the history stays.
    client.post(f"/en/staff/advisors/values/{PHONE_KEY}/", {"value": "yes", "reason": "Undo"})
    assert not AdvisorValue.objects.filter(key=PHONE_KEY).exists()
    assert AdvisorValueChange.objects.filter(key=PHONE_KEY).count() == 2
    again = client.get(f"/en/advisors/bank-account/result/?{BANK_QUERY}")
    assert again.context["evaluation"].outcome("bank_account").eligible is False


def test_value_form_keeps_what_was_typed_and_says_what_is_wrong(staff_client):
    client, _user = staff_client(Role.ADMIN)
    response = client.post(
        "/en/staff/advisors/values/residence.long_term_min_years/",
        {"value": "eight", "reason": "typo"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write a number." in html
    assert 'value="eight"' in html
    assert not AdvisorValue.objects.exists()
    response = client.post(
        "/en/staff/advisors/values/residence.long_term_min_years/", {"value": "7", "reason": ""}
    )
    assert response.status_code == 200
    assert not AdvisorValue.objects.exists()


def test_unknown_value_key_is_404(staff_client):
    client, _user = staff_client(Role.ADMIN)
    assert client.get("/en/staff/advisors/values/no.such_key/").status_code == 404


def test_value_service_refuses_wrong_kinds_and_needs_a_reason(make_staff):
    admin = make_staff(Role.ADMIN)
    with pytest.raises(ValidationError):
        advisor_value_set(key="residence.long_term_min_years", value="8", reason="x", actor=admin)
    with pytest.raises(ValidationError):
        advisor_value_set(key="residence.long_term_min_years", value=7, reason=" ", actor=admin)
    with pytest.raises(ValidationError):
        advisor_value_set(key="nope.nope", value=7, reason="x", actor=admin)
    with pytest.raises(ValidationError):
        advisor_value_set(key=PHONE_KEY, value=1, reason="x", actor=admin)
    advisor_value_set(key="residence.long_term_min_years", value=7.5, reason="x", actor=admin)
    assert rulebook.values_current()["residence.long_term_min_years"] == 7.5


def test_date_values_are_kept_as_dates(make_staff):
    admin = make_staff(Role.ADMIN)
    dated = [key for key, spec in rulebook.value_specs().items() if hasattr(spec.value, "year")]
    if not dated:
        pytest.skip("no date value in values.yaml")
    key = dated[0]
    new = rulebook.value_specs()[key].value + timezone.timedelta(days=1)
    advisor_value_set(key=key, value=new, reason="Extended", actor=admin)
    assert AdvisorValue.objects.get(key=key).value == new.isoformat()
    assert rulebook.values_current()[key] == new


def test_staff_dashboard_links_the_advisors_for_editors_only(staff_client):
    client, _user = staff_client(Role.EDITOR)
    assert 'href="/en/staff/advisors/"' in client.get("/en/staff/").content.decode()
    client.logout()
    client, _user = staff_client(Role.MODERATOR)
    assert "/staff/advisors/" not in client.get("/en/staff/").content.decode()


def test_system_check_passes_with_the_shipped_rules_and_names_broken_ones(tmp_path):
    from django.core.checks import run_checks

    from rehber.advisors.checks import rule_problems

    assert [m for m in run_checks() if m.id == "advisors.E001"] == []
    for name in ("values.yaml", "bank-account.yaml"):
        (tmp_path / name).write_text(
            (rulebook.RULES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert rule_problems(tmp_path) == []
    broken = (tmp_path / "bank-account.yaml").read_text(encoding="utf-8")
    (tmp_path / "bank-account.yaml").write_text(broken.replace("has_address_proof", "nothing", 1))
    problems = rule_problems(tmp_path)
    assert problems and all(problem.startswith("bank-account.yaml") for problem in problems)
