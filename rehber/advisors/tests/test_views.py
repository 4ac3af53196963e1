"""The public advisor pages, end to end with the test client."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehber.advisors import rulebook
from rehber.advisors.answers import ERROR_MESSAGES
from rehber.advisors.tests.helpers import an_answer, hidden_fields, submit

pytestmark = pytest.mark.django_db

ADVISORS = ["residence-permit", "turquoise-card", "family-reunification", "bank-account"]
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _walk(client, language, advisor, *, answer=an_answer, limit=40):
    """Answer every question until the result page; return the pages seen and the result."""
    url = f"/{language}/advisors/{advisor}/questions/"
    response = client.get(url)
    seen = []
    for _step in range(limit):
        if response.status_code == 302:
            assert "/result/" in response["Location"]
            return seen, client.get(response["Location"])
        assert response.status_code == 200
        question = response.context["question"]
        seen.append((question, response))
        response = submit(client, url, response.content.decode(), question, answer(question))
    raise AssertionError("the questions never ended")


def test_index_lists_the_four_advisors(client):
    response = client.get("/en/advisors/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ADVISORS:
        assert f'href="/en/advisors/{slug}/"' in html
    assert "Nothing you answer is stored" in html


def test_home_page_and_menu_link_to_the_advisors(client):
    html = client.get("/tr/").content.decode()
    assert 'href="/tr/advisors/"' in html


@pytest.mark.parametrize("advisor", ADVISORS)
def test_start_page_says_what_it_does_its_version_and_date(client, advisor):
    rule_set = rulebook.rule_set_get(advisor)
    response = client.get(f"/en/advisors/{advisor}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert rule_set.title.get("en") in html
    assert rule_set.version in html
    assert rule_set.checked_on.isoformat() in html
    assert "What it does not do" in html
    assert "Nothing you answer is stored" in html
    assert f'href="/en/advisors/{advisor}/questions/"' in html


def test_unknown_advisor_is_not_found(client):
    assert client.get("/en/advisors/no-such-thing/").status_code == 404
    assert client.get("/en/advisors/no-such-thing/questions/").status_code == 404
    assert client.get("/en/advisors/no-such-thing/result/").status_code == 404


@pytest.mark.parametrize("advisor", ADVISORS)
@pytest.mark.parametrize("language", ["ar", "tr", "en", "fa"])
def test_a_whole_run_asks_one_question_per_screen_and_ends_on_a_result(client, advisor, language):
    seen, result = _walk(client, language, advisor)
    assert seen, "at least one question"
    for position, (question, response) in enumerate(seen, 1):
        html = response.content.decode()
        visible = set(re.findall(r'<input type="(?:radio|text|date)"[^>]*? name="([^"]+)"', html))
        assert visible == {question.id}, "one question per screen"
        assert f'<progress class="progress-bar" max="{response.context["flow"].total}"' in html
        assert response.context["flow"].position == position
        assert len(response.content) <= 30 * 1024
    assert result.status_code == 200
    html = result.content.decode()
    assert len(result.content) <= 30 * 1024
    rule_set = rulebook.rule_set_get(advisor)
    evaluation = result.context["evaluation"]
    assert [o.code for o in evaluation.outcomes] == [o.code for o in rule_set.outcomes]
    assert rule_set.version in html
    assert rule_set.checked_on.isoformat() in html
    with translation.override(language):
        verdicts = {
            True: translation.gettext("This fits you."),
            False: translation.gettext("This does not fit you."),
            None: translation.gettext("We cannot tell yet."),
        }
    for outcome in evaluation.outcomes:
        assert f'id="outcome-{outcome.code}"' in html
        assert verdicts[outcome.eligible] in html
    for basis in evaluation.legal_basis:
        assert f'href="{basis.url}"' in html.replace("&amp;", "&")
    # Every answer is listed with a link to change it.
    assert html.count('class="change-link"') == len(seen)
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f'lang="{language}" dir="{direction}"' in html.split("<main")[1]


def test_result_shows_verdicts_documents_basis_and_law_links(client):
    query = (
        "status=visa_or_visa_free&has_passport=yes&has_foreigner_id_99=no&has_tax_number=no"
        "&has_residence_permit=no&has_address_proof=yes&has_turkish_phone=yes"
    )
    response = client.get(f"/en/advisors/bank-account/result/?{query}")
    html = response.content.decode()
    outcome = response.context["evaluation"].outcome("bank_account")
    assert outcome.eligible is False
    assert 'class="card verdict verdict-no"' in html
    assert "This does not fit you." in html
    # The checklist names what is still missing and how to get it.
    codes = [document.code for document in response.context["evaluation"].documents]
    assert "tax_number" in codes and "residence_permit" in codes
    assert "passport" not in codes
    assert 'id="document-tax_number"' in html
    assert response.context["evaluation"].documents[0].how_to_get in html
    assert "Legal basis" in html
    assert "@media print" not in html  # print rules live in the stylesheet
    assert 'name="robots" content="noindex"' in html


def test_skipped_questions_leave_the_verdict_open_and_say_what_would_decide(client):
    seen, result = _walk(client, "en", "bank-account", answer=lambda question: None)
    html = result.content.decode()
    outcome = result.context["evaluation"].outcome("bank_account")
    assert outcome.eligible is None
    assert "We cannot tell yet." in html
    assert "These answers would decide it" in html
    assert html.count("I don&#x27;t know") >= len(seen)
    assert result.context["answers"][0]["answer"] == "I don't know"


def test_dont_know_adds_the_question_to_the_skip_list(client):
    url = "/en/advisors/bank-account/questions/"
    first = client.get(url)
    question = first.context["question"]
    second = submit(client, url, first.content.decode(), question, None)
    assert second.context["question"].id != question.id
    assert ("skip", question.id) in hidden_fields(second.content.decode())


def test_back_drops_the_last_answer_and_shows_it_again(client):
    url = "/en/advisors/bank-account/questions/"
    first = client.get(url)
    question = first.context["question"]
    value = question.choices[-1].value
    second = submit(client, url, first.content.decode(), question, value)
    assert second.context["flow"].position == 2
    back = second.context["back"]
    again = client.get(f"{url}?{back}")
    assert again.context["question"].id == question.id
    assert again.context["flow"].position == 1
    assert re.search(rf'value="{value}" checked', again.content.decode())
    # The dropped answer is not carried along as a hidden field.
    assert question.id not in dict(hidden_fields(again.content.decode()))


def test_change_an_answer_from_the_result_and_come_back_to_it(client):
    seen, result = _walk(client, "en", "bank-account")
    first_row = result.context["answers"][0]
    changed = client.get(first_row["change"])
    assert changed.status_code == 200
    question = changed.context["question"]
    assert question.id == first_row["id"]
    # The other answers ride along, so one new answer leads back to the result.
    others = dict(hidden_fields(changed.content.decode()))
    assert {q.id for q, _r in seen} - {question.id} <= set(others) | {"skip"}
    new_value = question.choices[-1].value
    data = [*hidden_fields(changed.content.decode()), (question.id, new_value)]
    url = "/en/advisors/bank-account/questions/"
    response = client.get(url + "?" + "&".join(f"{k}={v}" for k, v in data))
    while response.status_code == 200:  # the new answer may open a question not asked before
        asked = response.context["question"]
        response = submit(client, url, response.content.decode(), asked, an_answer(asked))
    assert response.status_code == 302
    assert f"{question.id}={new_value}" in response["Location"]


def _walk_to_a_number_question(client, url):
    """Answer questions until one asks for a number; return that page."""
    response = client.get(url)
    for _step in range(30):
        assert response.status_code == 200, "no number question was asked"
        question = response.context["question"]
        if question.type == "number":
            return response
        response = submit(client, url, response.content.decode(), question, an_answer(question))
    raise AssertionError("no number question was asked")


def test_invalid_number_is_shown_again_with_an_arabic_message(client):
    url = "/ar/advisors/residence-permit/questions/"
    response = _walk_to_a_number_question(client, url)
    number = response.context["question"]
    again = submit(client, url, response.content.decode(), number, "اثنا عشر")
    assert again.status_code == 200
    assert again.context["question"].id == number.id
    html = again.content.decode()
    with translation.override("ar"):
        message = str(ERROR_MESSAGES["not_a_number"])
    assert message != "Please write a number with digits, for example 12."
    assert message in html
    assert 'value="اثنا عشر"' in html
    assert 'aria-invalid="true"' in html
    assert '<html lang="ar" dir="rtl">' in html


def test_arabic_digits_are_read_as_numbers(client):
    url = "/ar/advisors/residence-permit/questions/"
    response = _walk_to_a_number_question(client, url)
    question = response.context["question"]
    low = int(question.min or 0)
    typed = str(low + 1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    after = submit(client, url, response.content.decode(), question, typed)
    if after.status_code == 200:
        assert after.context["question"].id != question.id
        assert (question.id, str(low + 1)) in hidden_fields(after.content.decode())
    else:
        assert f"{question.id}={low + 1}" in after["Location"]


def test_out_of_range_and_bad_choice_are_explained(client):
    response = client.get("/en/advisors/bank-account/questions/?status=spaceship")
    assert response.context["question"].id == "status"
    assert "Please choose one of the answers." in response.content.decode()


@pytest.mark.parametrize("advisor", ADVISORS)
def test_public_pages_write_nothing_and_set_no_session(client, advisor):
    with CaptureQueriesContext(connection) as queries:
        seen, result = _walk(client, "fa", advisor)
        client.get(f"/fa/advisors/{advisor}/")
        client.get("/fa/advisors/")
    writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert writes == []
    for _question, response in seen:
        assert "sessionid" not in response.cookies
        assert "csrftoken" not in response.cookies
    assert "sessionid" not in result.cookies
    assert "sessionid" not in client.cookies


def test_guides_are_linked_from_the_result(client):
    from rehber.guides.tests.factories import make_guide

    slug = rulebook.rule_set_get("bank-account").guides[0]
    make_guide(slug, languages=("en", "ar"))
    html = client.get("/ar/advisors/bank-account/result/?status=refugee").content.decode()
    assert f'href="/ar/guides/{slug}/"' in html


def test_guide_links_keep_the_rule_order_fall_back_and_take_two_queries():
    from rehber.advisors.selectors import guide_links
    from rehber.guides.tests.factories import make_guide

    slugs = rulebook.rule_set_get("residence-permit").guides
    make_guide(slugs[2], languages=("en",))
    make_guide(slugs[0], languages=("en", "fa"))
    with CaptureQueriesContext(connection) as queries:
        links = guide_links(slugs=slugs, language="fa")
    assert len(queries) == 2
    assert [(link["slug"], link["lang"]) for link in links] == [(slugs[0], "fa"), (slugs[2], "en")]
    assert links[1]["title"] == f"{slugs[2]} in en"


def test_law_pages_are_linked_where_a_basis_names_one(client):
    for slug in ADVISORS:
        rule_set = rulebook.rule_set_get(slug)
        linked = [b for b in rule_set.legal_basis.values() if b.law is not None]
        if linked:
            break
    else:
        pytest.skip("no rule names one of our law pages")
    answers = {q.id: an_answer(q) for q in rule_set.questions}
    query = "&".join(f"{k}={v}" for k, v in answers.items())
    response = client.get(f"/en/advisors/{slug}/result/?{query}")
    laws = {b.law_slug for b in response.context["evaluation"].legal_basis if b.law_slug}
    html = response.content.decode()
    for law in laws:
        assert f'href="/en/laws/{law}/' in html


QUERY_NAMES = sorted(
    {q.id for rule_set in rulebook.rule_sets().values() for q in rule_set.questions}
    | {"skip", "change", "junk"}
)
QUERY_VALUES = st.one_of(
    st.sampled_from(["yes", "no", "0", "-3", "1e9", "2026-02-30", "2026-01-31", "١٢", ""]),
    st.sampled_from(
        sorted(
            {
                c.value
                for rs in rulebook.rule_sets().values()
                for q in rs.questions
                for c in q.choices
            }
        )
    ),
    st.sampled_from(QUERY_NAMES),
    st.text(max_size=12),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    advisor=st.sampled_from(ADVISORS),
    page=st.sampled_from(["questions", "result"]),
    pairs=st.lists(st.tuples(st.sampled_from(QUERY_NAMES), QUERY_VALUES), max_size=12),
)
def test_any_address_gives_a_page_never_an_error(client, advisor, page, pairs):
    query = urlencode(pairs)
    response = client.get(f"/ar/advisors/{advisor}/{page}/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 200


def test_sending_a_question_empty_asks_again_with_a_message(client):
    url = "/tr/advisors/bank-account/questions/"
    first = client.get(url)
    assert "Lütfen" not in first.content.decode()
    question = first.context["question"]
    again = client.get(url, {"asked": question.id})
    assert again.context["question"].id == question.id
    with translation.override("tr"):
        message = translation.gettext("Please answer, or choose “I don't know”.")
    assert message != "Please answer, or choose “I don't know”."
    assert message in again.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_result_addresses_do_not_leak_to_other_sites(client):
    response = client.get("/en/advisors/bank-account/result/?status=refugee&has_passport=no")
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert 'rel="noopener noreferrer"' in html
    assert 'rel="noopener">' not in html
